import { ClientEntity } from '@app/clients';
import { DATABASES } from './support/databases';
import { SETUPS } from './support/paths';
import { expectProblem } from './support/problems';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A change of client_defaults made through a change set or a snapshot restore is held to the rule the
 * setup edit enforces (CLIENT_DEFAULTS_IN_USE), judged on the clients as the whole change set leaves them.
 */
describe.each(DATABASES)('client_defaults changed by a change set or a restore, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  /** A setup whose clients inherit authorization_code: "web" needs it (response type code). */
  async function setupWithInheritingClient() {
    const { setupId } = (
      await t.http
        .post(SETUPS)
        .send({ name: 'Retail', client_defaults: { grant_types: ['authorization_code'] } })
        .expect(201)
    ).body;
    const base = `${SETUPS}/${setupId}`;
    const { clientId } = (
      await t.http
        .post(`${base}/clients`)
        .send({
          client_id: 'web',
          name: 'Web',
          redirect_uris: ['https://web.example.com/cb'],
          response_types: ['code'],
        })
        .expect(201)
    ).body;
    const document = (await t.http.get(`${base}/export`).expect(200)).body;
    return { base, clientId, document };
  }

  const withDefaults = (document: Record<string, unknown>, grantTypes: string[]): Record<string, unknown> => {
    const copy = structuredClone(document);
    return { ...copy, setup: { ...(copy.setup as object), client_defaults: { grant_types: grantTypes } } };
  };
  const newClient = { client_id: 'm2m', name: 'Batch', grant_types: ['client_credentials'] };
  const planOf = (base: string, document: object, query = '') => t.http.post(`${base}/plan${query}`).send(document);

  it('refuses apply with 409 CLIENT_DEFAULTS_IN_USE listing the client, and applies nothing of the change set', async () => {
    const { base, clientId, document } = await setupWithInheritingClient();
    const changed = withDefaults(document, ['client_credentials']);
    changed.clients = [...(document.clients as object[]), newClient];
    // The plan says what apply would answer.
    const planned = await planOf(base, changed);
    expectProblem(planned, 409, 'CLIENT_DEFAULTS_IN_USE');
    const hash = (await planOf(base, changed, '?force=true').expect(200)).body.plan_hash;
    t.events.length = 0;

    const res = await t.http.post(`${base}/apply`).send({ document: changed, plan_hash: hash });
    expectProblem(res, 409, 'CLIENT_DEFAULTS_IN_USE');
    expect(res.body).toMatchObject({ clients_total: 1, clients: [{ clientId, client_id: 'web' }] });
    expect((res.body.clients as Array<{ errors: unknown[] }>)[0].errors.length).toBeGreaterThan(0);

    const setup = await t.http.get(base).expect(200);
    expect(setup.body.client_defaults).toEqual({ grant_types: ['authorization_code'] });
    const oauthIds = (await t.dataSource.getRepository(ClientEntity).find()).map((c) => c.oauthClientId);
    expect(oauthIds).not.toContain('m2m');
    expect(t.events).toEqual([]);
  });

  it('applies the same change set with ?force=true', async () => {
    const { base, document } = await setupWithInheritingClient();
    const changed = withDefaults(document, ['client_credentials']);
    const hash = (await planOf(base, changed, '?force=true').expect(200)).body.plan_hash;
    await t.http.post(`${base}/apply?force=true`).send({ document: changed, plan_hash: hash }).expect(200);
    expect((await t.http.get(base).expect(200)).body.client_defaults).toEqual({ grant_types: ['client_credentials'] });
  });

  it('accepts a change set that changes the defaults and gives the client its own grant types together', async () => {
    const { base, clientId, document } = await setupWithInheritingClient();
    const changed = withDefaults(document, ['client_credentials']);
    changed.clients = (document.clients as Array<Record<string, unknown>>).map((c) => ({
      ...c,
      grant_types: ['authorization_code'],
    }));
    const { plan_hash } = (await planOf(base, changed).expect(200)).body;
    const applied = await t.http.post(`${base}/apply`).send({ document: changed, plan_hash }).expect(200);
    expect(applied.body.changes.map((c: { kind: string }) => c.kind).sort()).toEqual(['client', 'setup']);
    const client = await t.http.get(`${base}/clients/${clientId}`).expect(200);
    expect(client.body.grant_types).toEqual(['authorization_code']);
  });

  it('refuses a change set that keeps the defaults but makes the client inherit ones it cannot use', async () => {
    const { base, document } = await setupWithInheritingClient();
    // The defaults change in one change set (forced), the client starts inheriting them in another.
    const forced = withDefaults(document, ['client_credentials']);
    (forced.clients as Array<Record<string, unknown>>)[0].grant_types = ['authorization_code'];
    const first = (await planOf(base, forced).expect(200)).body.plan_hash;
    await t.http.post(`${base}/apply`).send({ document: forced, plan_hash: first }).expect(200);
    const res = await planOf(base, withDefaults(document, ['client_credentials']));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toMatch(/\/clients\/0\//);
  });

  it('refuses to restore a setup snapshot whose client_defaults inheriting clients cannot use, unless forced', async () => {
    const { setupId } = (
      await t.http
        .post(SETUPS)
        .send({ name: 'Old', client_defaults: { grant_types: ['client_credentials'] } })
        .expect(201)
    ).body;
    const base = `${SETUPS}/${setupId}`;
    const [old] = (await t.http.get(`${base}/snapshots`).expect(200)).body.snapshotIds;
    await t.http
      .put(base)
      .set('if-match', '"1"')
      .send({ name: 'New', client_defaults: { grant_types: ['authorization_code'] } })
      .expect(200);
    const { clientId } = (
      await t.http
        .post(`${base}/clients`)
        .send({ name: 'Web', redirect_uris: ['https://web.example.com/cb'], response_types: ['code'] })
        .expect(201)
    ).body;

    const res = await t.http.post(`${base}/snapshots/${old}/restore`).send({});
    expectProblem(res, 409, 'CLIENT_DEFAULTS_IN_USE');
    expect(res.body.clients).toMatchObject([{ clientId }]);
    expect((await t.http.get(base).expect(200)).body.name).toBe('New');

    const forced = await t.http.post(`${base}/snapshots/${old}/restore?force=true`).send({}).expect(200);
    expect(forced.body).toMatchObject({ name: 'Old', client_defaults: { grant_types: ['client_credentials'] } });
  });
});
