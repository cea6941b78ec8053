import { createHash } from 'node:crypto';
import { ClientRegistrationEntity } from '@app/clients';
import { DATABASES } from './support/databases';
import { SETUPS } from './support/paths';
import { expectProblem } from './support/problems';
import { eventually, startTestApp, type TestApp } from './support/test-app';

/** RFC 7592: a registered client reads, replaces and deletes its own registration with its token. */
describe.each(DATABASES)('RFC 7592 client configuration endpoint on %s', (kind) => {
  let t: TestApp;
  let setupId: string;
  const v3 = () => `/v3/modules/oauthv2/setups/${setupId}/clients`;
  /** The path of registration_client_uri (the tests talk to the same server). */
  const pathOf = (uri: string) => new URL(uri).pathname;

  async function register(body: Record<string, unknown> = {}) {
    const res = await t.http
      .post(v3())
      .send({ redirect_uris: ['https://app.example.com/cb'], client_name: 'Self-managed', ...body })
      .expect(201);
    return {
      body: res.body,
      token: res.body.registration_access_token as string,
      path: pathOf(res.body.registration_client_uri),
      clientId: pathOf(res.body.registration_client_uri).split('/').pop()!,
    };
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    setupId = (await t.http.post(SETUPS).send({ name: 'rfc7592' }).expect(201)).body.setupId;
  });
  afterAll(() => t.close());

  it('round trip: read, replace at once, delete, each an event and an audit entry with the client as actor', async () => {
    const reg = await register();
    expect(reg.body.registration_client_uri).toBe(`${t.url.replace('[::1]', '127.0.0.1')}${reg.path}`);
    const actor = `client:${reg.body.client_id}`;

    const read = await t.as('anonymous').get(reg.path).set('authorization', `Bearer ${reg.token}`).expect(200);
    expect(read.headers['cache-control']).toBe('no-store');
    expect(read.body).toMatchObject({
      client_id: reg.body.client_id,
      client_name: 'Self-managed',
      redirect_uris: ['https://app.example.com/cb'],
      registration_access_token: reg.token,
      registration_client_uri: reg.body.registration_client_uri,
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(read.body).not.toHaveProperty('client_secret');

    t.events.length = 0;
    const replaced = await t
      .as('anonymous')
      .put(reg.path)
      .set('authorization', `Bearer ${reg.token}`)
      .send({
        client_id: reg.body.client_id,
        client_secret: reg.body.client_secret,
        client_name: 'Renamed',
        redirect_uris: ['https://app.example.com/cb2'],
        scope: 'openid',
        // Not RFC 7592: ignored, the change is in force at once.
        valid_from: '2099-01-01T00:00:00Z',
      })
      .expect(200);
    expect(replaced.body).toMatchObject({
      client_id: reg.body.client_id,
      client_name: 'Renamed',
      redirect_uris: ['https://app.example.com/cb2'],
      scope: 'openid',
      registration_access_token: reg.token,
    });
    expect(replaced.body).not.toHaveProperty('client_secret');
    const v2 = await t.http.get(`${SETUPS}/${setupId}/clients/${reg.clientId}`).expect(200);
    expect(v2.body).toMatchObject({
      name: 'Renamed',
      redirect_uris: ['https://app.example.com/cb2'],
      client_secret_set: true,
    });
    expect(t.events).toEqual([expect.objectContaining({ action: 'client.updated', actor, change: 'snapshot-added' })]);

    await t.as('anonymous').delete(reg.path).set('authorization', `Bearer ${reg.token}`).expect(204);
    await t.http.get(`${SETUPS}/${setupId}/clients/${reg.clientId}`).expect(404);
    expect(t.events.map((e) => [(e as { action: string }).action, (e as { actor: string }).actor])).toEqual([
      ['client.updated', actor],
      ['client.deleted', actor],
    ]);
    await eventually(async () => {
      const audit = await t.http.get('/v2/audit').query({ entityId: reg.clientId }).expect(200);
      expect(audit.body.entries.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
        ['client.created', 'test-admin'],
        ['client.updated', actor],
        ['client.deleted', actor],
      ]);
    });
    // The token went with the client.
    const gone = await t.as('anonymous').get(reg.path).set('authorization', `Bearer ${reg.token}`).expect(401);
    expect(gone.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('stores only the SHA-256 of the registration access token', async () => {
    const reg = await register();
    const row = await t.dataSource.getRepository(ClientRegistrationEntity).findOneByOrFail({ clientId: reg.clientId });
    expect(row.tokenHash).toBe(createHash('sha256').update(reg.token).digest('hex'));
    const dump = JSON.stringify(await t.dataSource.query('SELECT * FROM client_registration'));
    expect(dump).not.toContain(reg.token);
  });

  it("answers 401 with WWW-Authenticate for no token, a wrong token, another client's token and an API token", async () => {
    const mine = await register();
    const other = await register();
    const before = await t.http.get(`${SETUPS}/${setupId}/clients/${mine.clientId}`).expect(200);
    const none = await t.as('anonymous').get(mine.path).expect(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="oauth-registry"');
    expectProblem(none, 401, 'UNAUTHENTICATED');
    for (const token of ['not-the-token', other.token]) {
      for (const send of [
        () => t.as('anonymous').get(mine.path),
        () =>
          t
            .as('anonymous')
            .put(mine.path)
            .send({ client_id: mine.body.client_id, redirect_uris: ['https://x.example/cb'] }),
        () => t.as('anonymous').delete(mine.path),
      ]) {
        const res = await send().set('authorization', `Bearer ${token}`).expect(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="oauth-registry", error="invalid_token"');
        expect(res.body.code).toBe('UNAUTHENTICATED');
      }
    }
    // The registration access token is the only credential here, even for an administrator.
    await t.http.get(mine.path).expect(401);
    // Nothing changed.
    expect((await t.http.get(`${SETUPS}/${setupId}/clients/${mine.clientId}`).expect(200)).body).toEqual(before.body);
  });

  it('applies the RFC 7592 §2.2 rules on client_id and client_secret', async () => {
    const reg = await register();
    const put = (body: Record<string, unknown>) =>
      t.as('anonymous').put(reg.path).set('authorization', `Bearer ${reg.token}`).send(body);
    const base = { redirect_uris: ['https://app.example.com/cb'] };
    for (const body of [base, { ...base, client_id: 'someone-else' }]) {
      const res = await put(body).expect(400);
      expect(res.body).toEqual({
        error: 'invalid_client_metadata',
        error_description: expect.stringContaining('/client_id'),
      });
    }
    const secret = await put({ ...base, client_id: reg.body.client_id, client_secret: 'x'.repeat(43) }).expect(400);
    expect(secret.body.error_description).toContain('/client_secret');
    const bad = await put({ client_id: reg.body.client_id, redirect_uris: ['https://app.example.com/cb#f'] }).expect(
      400,
    );
    expect(bad.body.error).toBe('invalid_redirect_uri');
    await put({ ...base, client_id: reg.body.client_id }).expect(200);
  });

  it('keeps what RFC 7591 cannot express (owner, comment, TTLs) and drops members the update leaves out', async () => {
    const reg = await register({ software_id: 'app-1', contacts: ['dev@example.com'] });
    const v2Path = `${SETUPS}/${setupId}/clients/${reg.clientId}`;
    const current = (await t.http.get(v2Path).expect(200)).body;
    await t.http
      .put(v2Path)
      .send({
        ...current,
        comment: 'vetted by security',
        access_token_ttl: 600,
        inherited: undefined,
        clientId: undefined,
        snapshotId: undefined,
        valid_from: undefined,
        client_secret_set: undefined,
      })
      .expect(200);
    await t
      .as('anonymous')
      .put(reg.path)
      .set('authorization', `Bearer ${reg.token}`)
      .send({ client_id: reg.body.client_id, redirect_uris: ['https://app.example.com/cb'], client_name: 'Again' })
      .expect(200);
    const after = (await t.http.get(v2Path).expect(200)).body;
    expect(after).toMatchObject({
      name: 'Again',
      comment: 'vetted by security',
      access_token_ttl: 600,
      owner: current.owner,
    });
    expect(after).not.toHaveProperty('contacts');
    expect(after.metadata ?? []).toEqual([]);
  });

  it('returns a generated secret when an update moves a public client to a secret-based method', async () => {
    const reg = await register({ token_endpoint_auth_method: 'none' });
    const res = await t
      .as('anonymous')
      .put(reg.path)
      .set('authorization', `Bearer ${reg.token}`)
      .send({ client_id: reg.body.client_id, redirect_uris: ['https://app.example.com/cb'] })
      .expect(200);
    expect(res.body).toMatchObject({
      token_endpoint_auth_method: 'client_secret_basic',
      client_secret: expect.any(String),
    });
  });

  it('builds registration_client_uri on PUBLIC_URL and the API prefix when they are set', async () => {
    const proxied = await startTestApp(kind, {
      publicUrl: 'https://registry.example.com',
      apiPrefix: 'nevismeta/rest',
    });
    try {
      const setup = (await proxied.http.post(`/nevismeta/rest${SETUPS}`).send({ name: 'proxied' }).expect(201)).body;
      const res = await proxied.http
        .post(`/nevismeta/rest/v3/modules/oauthv2/setups/${setup.setupId}/clients`)
        .send({ redirect_uris: ['https://app.example.com/cb'] })
        .expect(201);
      expect(res.body.registration_client_uri).toMatch(
        new RegExp(
          `^https://registry\\.example\\.com/nevismeta/rest/v3/modules/oauthv2/setups/${setup.setupId}/clients/[0-9a-f]{32}$`,
        ),
      );
      const path = new URL(res.body.registration_client_uri).pathname;
      await proxied
        .as('anonymous')
        .get(path)
        .set('authorization', `Bearer ${res.body.registration_access_token}`)
        .expect(200);
    } finally {
      await proxied.close();
    }
  });
});
