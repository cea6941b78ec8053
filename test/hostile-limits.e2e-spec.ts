import { ClientEntity } from '@app/clients';
import { RSA_PUBLIC_JWK } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { SETUPS } from './support/paths';
import { expectProblem } from './support/problems';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Valid-shaped bodies that are as large as the limits allow: long lists of nested objects are checked
 * item by item (the same answers as for a short list), checking stops at 100 errors, and the limits
 * that bound the expensive work (keys per jwks, changes per change set) are clear 400s.
 */
describe.each(DATABASES)('bounded work for large valid-shaped bodies on %s', (kind) => {
  let t: TestApp;
  let setup: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    setup = `${SETUPS}/${(await t.http.post(SETUPS).send({ name: 'limits' }).expect(201)).body.setupId}`;
  });
  afterAll(() => t.close());

  const metadata = (n: number) => Array.from({ length: n }, (_, j) => ({ name: `m${j}`, value: 'v', locale: 'en' }));

  describe('a resource server of 1,000 scopes', () => {
    it('is stored whole, every scope and its metadata, and read back the same', async () => {
      const scopes = Array.from({ length: 1000 }, (_, i) => ({
        name: `big${i}:read`,
        policy_refresh_token: 'no_consent',
        metadata: metadata(3),
      }));
      const { resourceServerId } = (
        await t.http.post(`${setup}/resource-servers`).send({ name: 'big', scopes }).expect(201)
      ).body;
      const read = await t.http.get(`${setup}/resource-servers/${resourceServerId}`).expect(200);
      expect(read.body.scopes).toHaveLength(1000);
      expect(read.body.scopes[999]).toMatchObject({
        name: 'big999:read',
        policy_refresh_token: 'no_consent',
        metadata: metadata(3),
      });
    });

    it('reports the rules of items far down the list with their pointers, as for a short list', async () => {
      const scopes = Array.from({ length: 500 }, (_, i) => ({ name: `s${i}` }));
      scopes[17] = { name: 's3' };
      scopes[420] = { name: 'bad scope', unknown: 1, metadata: [{ name: 1 }] } as never;
      const res = await t.http.post(`${setup}/resource-servers`).send({ name: 'dup', scopes });
      expectProblem(res, 400, 'INVALID_REQUEST');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { path: '/scopes/420/unknown', message: 'unknown is not a known field' },
          { path: '/scopes/420/name', message: expect.stringContaining('RFC 6749 scope token') },
          { path: '/scopes/420/metadata/0/name', message: 'name must be a string' },
          { path: '/scopes/17/name', message: 'scope "s3" is already declared at /scopes/3' },
        ]),
      );
      const notObjects = await t.http
        .post(`${setup}/resource-servers`)
        .send({ name: 'x', scopes: [...scopes.slice(0, 20), 'text'] });
      expect(notObjects.body.errors).toContainEqual({
        path: '/scopes',
        message: 'each value in scopes must be an object',
      });
    });

    it('answers a scopes member that is not a list with 400, also inside a change set (500 before)', async () => {
      for (const scopes of [0, 'x', {}, true]) {
        const res = await t.http.post(`${setup}/resource-servers`).send({ name: 'odd', scopes });
        expectProblem(res, 400, 'INVALID_REQUEST');
        expect(res.body.errors).toContainEqual({ path: '/scopes', message: expect.stringContaining('array') });
        const planned = await t.http
          .post(`${setup}/plan`)
          .send({ setup: {}, resource_servers: [{ name: 'odd', scopes }] });
        expectProblem(planned, 400, 'INVALID_REQUEST');
        expect(planned.body.errors).toContainEqual({ path: '/resource_servers/0/scopes', message: expect.any(String) });
      }
    });

    it('stops checking after 100 errors and says so', async () => {
      const scopes = Array.from({ length: 1000 }, () => ({ name: 'bad scope', policy_implicit_flow: 'sometimes' }));
      const res = await t.http.post(`${setup}/resource-servers`).send({ name: 'broken', scopes });
      expectProblem(res, 400, 'INVALID_REQUEST');
      expect(res.body.errors).toHaveLength(100);
      expect(res.body.detail).toMatch(/checking stopped after 100 errors/);
      expect(res.body.errors[99].path).toMatch(/^\/scopes\/(49|50)\//);
    });
  });

  it('takes a client with 100 metadata items as with a few, and finds a duplicate among them', async () => {
    const body = { name: 'meta', redirect_uris: ['https://meta.example.com/cb'], metadata: metadata(100) };
    const { clientId } = (await t.http.post(`${setup}/clients`).send(body).expect(201)).body;
    expect((await t.http.get(`${setup}/clients/${clientId}`).expect(200)).body.metadata).toEqual(metadata(100));
    const twice = metadata(100);
    twice[60] = { ...twice[7] };
    const res = await t.http.post(`${setup}/clients`).send({ ...body, metadata: twice, comment: 7 });
    expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
    expect(res.body.errors).toEqual([
      { path: '/comment', message: expect.stringContaining('string') },
      { path: '/metadata/60', message: 'metadata "m7" (en) is listed twice' },
    ]);
  });

  it('refuses a jwks of more than 10 keys with a 400 naming the limit, and takes 10', async () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ ...RSA_PUBLIC_JWK, kid: `k${i}` }));
    const body = (n: number) => ({
      name: 'keys',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: keys(n) },
    });
    const res = await t.http.post(`${setup}/clients`).send(body(11));
    expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
    expect(res.body.errors).toContainEqual({
      path: '/jwks/keys',
      message: 'keys must contain no more than 10 elements',
    });
    await t.http.post(`${setup}/clients`).send(body(10)).expect(201);
    const registered = await t.http
      .post(`/v3${setup.slice(3)}/clients`)
      .send({ ...body(11), client_name: 'k', name: undefined });
    expect([registered.status, registered.body.error]).toEqual([400, 'invalid_client_metadata']);
  });

  describe('change-set documents', () => {
    const clients = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({
        client_id: `${prefix}${i}`,
        name: 'n',
        redirect_uris: [`https://${prefix}${i}.example.com/cb`],
      }));

    it('make at most 100 changes: a plan or apply of more answers 400 naming the limit and writes nothing', async () => {
      const base = `${SETUPS}/${(await t.http.post(SETUPS).send({ name: 'cs' }).expect(201)).body.setupId}`;
      const document = { setup: { name: 'cs' }, clients: clients(101, 'c') };
      const res = await t.http.post(`${base}/plan`).send(document);
      expectProblem(res, 400, 'INVALID_REQUEST');
      expect(res.body.errors).toEqual([
        { path: '', message: expect.stringMatching(/at most 100 changes.*would make 101/) },
      ]);
      const applied = await t.http.post(`${base}/apply`).send({ document, plan_hash: 'x' });
      expect([applied.status, applied.body.errors?.[0]?.path]).toEqual([412, undefined]);

      const fits = { setup: { name: 'cs' }, clients: clients(100, 'c') };
      const { plan_hash } = (await t.http.post(`${base}/plan`).send(fits).expect(200)).body;
      await t.http.post(`${base}/apply`).send({ document: fits, plan_hash }).expect(200);
      // Entities that do not change do not count.
      const more = { setup: { name: 'cs' }, clients: [...clients(100, 'c'), ...clients(50, 'd')] };
      expect((await t.http.post(`${base}/plan`).send(more).expect(200)).body.changes).toHaveLength(50);
    });

    it('refuse unknown members, prototype names and control characters in entities, as the entity endpoints do', async () => {
      const base = `${SETUPS}/${(await t.http.post(SETUPS).send({ name: 'text' }).expect(201)).body.setupId}`;
      const before = await t.dataSource.getRepository(ClientEntity).count();
      const document = JSON.parse(
        `{"setup":{"name":"text"},"clients":[` +
          `{"client_id":"a","name":"bell\\u0007","redirect_uris":["https://a.example.com/cb"]},` +
          `{"client_id":"b","toString":"x","redirect_uris":["https://b.example.com/cb"]},` +
          `{"client_id":"c","metadata":[{"name":"m","extra":1}],"redirect_uris":["https://c.example.com/cb"]}]}`,
      );
      const res = await t.http.post(`${base}/plan`).send(document);
      expectProblem(res, 400, 'INVALID_REQUEST');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { path: '/clients/0/name', message: expect.stringContaining('control characters') },
          { path: '/clients/1/toString', message: 'toString is not a known field' },
          { path: '/clients/2/metadata/0/extra', message: 'extra is not a known field' },
        ]),
      );
      // Apply checks the plan hash first; a document that cannot be planned has none that matches.
      expectProblem(await t.http.post(`${base}/apply`).send({ document, plan_hash: 'x' }), 412, 'PRECONDITION_FAILED');
      expect(await t.dataSource.getRepository(ClientEntity).count()).toBe(before);
    });

    it('list at most 100 errors of a document of 1,000 broken clients', async () => {
      const broken = Array.from({ length: 1000 }, () => ({ client_id: 1, redirect_uris: ['javascript:x'] }));
      const res = await t.http.post(`${setup}/plan`).send({ setup: { name: 'limits' }, clients: broken });
      expectProblem(res, 400, 'INVALID_REQUEST');
      expect(res.body.errors).toHaveLength(100);
      expect(res.body.detail).toMatch(/100 or more rule/);
    });
  });
});
