import { ClientEntity, InitialAccessTokenEntity } from '@app/clients';
import { DATABASES } from './support/databases';
import { SETUPS } from './support/paths';
import { expectProblem } from './support/problems';
import { startTestApp, type TestApp } from './support/test-app';
import { ShiftedClock } from './support/test-clock';

const NATIVE = { redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'none' };

/** Who may register (registration_policy.access), initial access tokens, and the limits on self-registered clients. */
describe.each(DATABASES)('registration policy on %s', (kind) => {
  let t: TestApp;
  const clock = new ShiftedClock();
  const v3 = (setupId: string) => `/v3/modules/oauthv2/setups/${setupId}/clients`;
  const tokens = (setupId: string) => `${SETUPS}/${setupId}/initial-access-tokens`;

  async function setup(registration_policy?: Record<string, unknown>): Promise<string> {
    return (await t.http.post(SETUPS).send({ name: 'policy', registration_policy }).expect(201)).body.setupId;
  }
  async function issue(setupId: string, body: Record<string, unknown> = {}) {
    const res = await t.http.post(tokens(setupId)).send(body).expect(201);
    expect(res.headers['cache-control']).toBe('no-store');
    return res.body as { id: string; token: string; max_uses: number; expires_at: string };
  }
  const anonymous = (setupId: string, body: Record<string, unknown> = NATIVE) =>
    t.as('anonymous').post(v3(setupId)).send(body);
  const withToken = (setupId: string, token: string, body: Record<string, unknown> = NATIVE) =>
    anonymous(setupId, body).set('authorization', `Bearer ${token}`);
  const clientCount = (setupId: string) => t.dataSource.getRepository(ClientEntity).countBy({ setupId });

  beforeAll(async () => {
    t = await startTestApp(kind, {}, clock);
  });
  afterAll(() => t.close());

  it('stores and returns the policy with the setup, and refuses an invalid one', async () => {
    const policy = {
      access: 'initial_access_token',
      allowed_grant_types: ['authorization_code'],
      allowed_token_endpoint_auth_methods: ['none'],
      allowed_redirect_uris: { https_hosts: ['*.example.com'], loopback: true, private_use_schemes: 'reverse_domain' },
      allowed_scopes: ['openid'],
      max_clients: 10,
    };
    const setupId = await setup(policy);
    expect((await t.http.get(`${SETUPS}/${setupId}`).expect(200)).body.registration_policy).toEqual(policy);
    const res = await t.http
      .post(SETUPS)
      .send({ name: 'x', registration_policy: { access: 'everyone', allowed_redirect_uris: { https_hosts: ['a b'] } } })
      .expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/registration_policy/access',
      '/registration_policy/allowed_redirect_uris/https_hosts',
    ]);
  });

  describe('administrators only (the default)', () => {
    it('refuses callers without a token (401) and initial access tokens (403), and still lets API principals register', async () => {
      const setupId = await setup();
      const none = await anonymous(setupId).expect(401);
      expect(none.headers['www-authenticate']).toBe('Bearer realm="oauth-registry"');
      expectProblem(none, 401, 'UNAUTHENTICATED');
      const { token } = await issue(setupId);
      const refused = await withToken(setupId, token).expect(403);
      expectProblem(refused, 403, 'FORBIDDEN');
      expect(refused.body.detail).toContain('administrators only');
      await t.http.post(v3(setupId)).send(NATIVE).expect(201);
      const alice = await t.as('alice').post(v3(setupId)).send(NATIVE).expect(201);
      const read = await t.http.get(alice.headers.location).expect(200);
      expect(read.body.owner).toBe('alice');
      expect((await t.as('nobody').post(v3(setupId)).send(NATIVE).expect(403)).body.code).toBe('FORBIDDEN');
      expect(await clientCount(setupId)).toBe(2);
    });
  });

  describe('initial access tokens', () => {
    let setupId: string;
    beforeAll(async () => {
      setupId = await setup({ access: 'initial_access_token' });
    });

    it('registers with a token, counts its uses, refuses it once spent, and lists tokens without their value', async () => {
      const issued = await issue(setupId, { max_uses: 2, expires_in: 600, description: 'partner onboarding' });
      expect(issued).toMatchObject({ max_uses: 2, uses: 0, state: 'usable', created_by: 'test-admin' });
      t.events.length = 0;
      const first = await withToken(setupId, issued.token).expect(201);
      expect(first.body.registration_access_token).toEqual(expect.any(String));
      expect(t.events).toEqual([
        expect.objectContaining({ action: 'client.created', actor: `client:${first.body.client_id}` }),
      ]);
      const read = await t.http.get(first.headers.location).expect(200);
      expect(read.body.owner).toBe(`client:${first.body.client_id}`);
      await withToken(setupId, issued.token).expect(201);
      const spent = await withToken(setupId, issued.token).expect(403);
      expect(spent.body.detail).toContain('uses are spent');
      const list = await t.http.get(tokens(setupId)).expect(200);
      expect(list.body.initialAccessTokens).toContainEqual(
        expect.objectContaining({
          id: issued.id,
          uses: 2,
          max_uses: 2,
          state: 'used_up',
          description: 'partner onboarding',
        }),
      );
      expect(JSON.stringify(list.body)).not.toContain(issued.token);
      const dump = JSON.stringify(await t.dataSource.getRepository(InitialAccessTokenEntity).find());
      expect(dump).not.toContain(issued.token);
    });

    it('refuses an expired token, and a token of another setup (403); an unknown or revoked one is 401', async () => {
      const issued = await issue(setupId, { expires_in: 60 });
      clock.advance(61_000);
      try {
        expect((await withToken(setupId, issued.token).expect(403)).body.detail).toContain('expired');
      } finally {
        clock.advance(-61_000);
      }
      const other = await issue(await setup({ access: 'initial_access_token' }));
      expect((await withToken(setupId, other.token).expect(403)).body.detail).toContain('another setup');
      const unknown = await withToken(setupId, 'no-such-initial-access-token').expect(401);
      expect(unknown.headers['www-authenticate']).toContain('error="invalid_token"');
      const revoked = await issue(setupId);
      await t.http.delete(`${tokens(setupId)}/${revoked.id}`).expect(204);
      expectProblem(
        await t.http.delete(`${tokens(setupId)}/${revoked.id}`).expect(404),
        404,
        'INITIAL_ACCESS_TOKEN_NOT_FOUND',
      );
      await withToken(setupId, revoked.token).expect(401);
      await anonymous(setupId).expect(401);
    });

    it('never exceeds max_uses under concurrent registrations', async () => {
      const issued = await issue(setupId, { max_uses: 3 });
      const before = await clientCount(setupId);
      const results = await Promise.all(
        Array.from({ length: 12 }, () => withToken(setupId, issued.token).then((r) => r.status)),
      );
      expect(results.filter((s) => s === 201)).toHaveLength(3);
      expect(results.filter((s) => s === 403)).toHaveLength(9);
      expect(await clientCount(setupId)).toBe(before + 3);
      const row = await t.dataSource.getRepository(InitialAccessTokenEntity).findOneByOrFail({ id: issued.id });
      expect(row.uses).toBe(3);
    });

    it('does not spend a use on a registration that is refused, also when the refusal comes inside its transaction', async () => {
      await t.http
        .post(`${SETUPS}/${setupId}/resource-servers`)
        .send({ name: 'api', scopes: [{ name: 'openid' }] })
        .expect(201);
      const issued = await issue(setupId);
      await withToken(setupId, issued.token, { redirect_uris: ['http://evil.example/cb'] }).expect(400);
      // Undeclared scopes are found while the client is written, after the token's use was counted.
      const undeclared = await withToken(setupId, issued.token, { ...NATIVE, scope: 'undeclared' }).expect(400);
      expect(undeclared.body.error_description).toContain('/scope');
      const row = await t.dataSource.getRepository(InitialAccessTokenEntity).findOneByOrFail({ id: issued.id });
      expect(row.uses).toBe(0);
      await withToken(setupId, issued.token, { ...NATIVE, scope: 'openid' }).expect(201);
    });

    it('goes with its setup: deleting a setup with self-registered clients and tokens deletes them', async () => {
      const doomed = await setup({ access: 'initial_access_token' });
      const issued = await issue(doomed, { max_uses: 2 });
      const reg = (await withToken(doomed, issued.token).expect(201)).body;
      await t.http.delete(`${SETUPS}/${doomed}`).expect(204);
      expect(await t.dataSource.getRepository(InitialAccessTokenEntity).countBy({ setupId: doomed })).toBe(0);
      await t
        .as('anonymous')
        .get(new URL(reg.registration_client_uri).pathname)
        .set('authorization', `Bearer ${reg.registration_access_token}`)
        .expect(401);
      expectProblem(await withToken(doomed, issued.token).expect(404), 404, 'SETUP_NOT_FOUND');
    });

    it('is for administrators only', async () => {
      await t.as('alice').post(tokens(setupId)).send({}).expect(403);
      await t.as('alice').get(tokens(setupId)).expect(403);
      await t.as('anonymous').get(tokens(setupId)).expect(401);
      const bad = await t.http.post(tokens(setupId)).send({ max_uses: 0, expires_in: 'soon' }).expect(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/expires_in', '/max_uses']);
    });
  });

  describe('limits on self-registered clients (open registration)', () => {
    const limited = {
      access: 'anyone',
      allowed_grant_types: ['authorization_code', 'refresh_token'],
      allowed_token_endpoint_auth_methods: ['none', 'private_key_jwt'],
      allowed_redirect_uris: { https_hosts: ['*.example.com'], loopback: true, private_use_schemes: 'reverse_domain' },
      allowed_scopes: ['openid', 'mcp:tools'],
    };
    let setupId: string;
    beforeAll(async () => {
      setupId = await setup(limited);
    });

    it('lets a native client register itself with a loopback redirect on any port, and one with a private-use scheme', async () => {
      for (const uri of ['http://127.0.0.1:61234/callback', 'http://[::1]/cb', 'com.example.agent:/oauth']) {
        const res = await anonymous(setupId, { ...NATIVE, redirect_uris: [uri], scope: 'openid mcp:tools' }).expect(
          201,
        );
        expect(res.body).toMatchObject({
          redirect_uris: [uri],
          scope: 'openid mcp:tools',
          token_endpoint_auth_method: 'none',
        });
      }
    });

    it.each([
      [{ grant_types: ['authorization_code', 'password'] }, '/grant_types/1'],
      [{ token_endpoint_auth_method: 'client_secret_basic' }, '/token_endpoint_auth_method'],
      [{ redirect_uris: ['https://app.evil.org/cb'] }, '/redirect_uris/0'],
      [{ redirect_uris: ['https://example.com/cb'] }, '/redirect_uris/0'],
      [{ scope: 'openid admin' }, '/scope'],
    ])('refuses %j naming %s, storing nothing', async (change, pointer) => {
      const before = await clientCount(setupId);
      const res = await anonymous(setupId, { ...NATIVE, ...change }).expect(400);
      expect(res.body.error).toMatch(/^invalid_(client_metadata|redirect_uri)$/);
      expect(res.body.error_description).toContain(`${pointer}: `);
      expect(await clientCount(setupId)).toBe(before);
    });

    it('refuses loopback and private-use redirects when the policy says so', async () => {
      const strict = await setup({
        access: 'anyone',
        allowed_redirect_uris: { loopback: false, private_use_schemes: 'none' },
      });
      for (const uri of ['http://localhost:8080/cb', 'com.example.app:/cb']) {
        const res = await anonymous(strict, { ...NATIVE, redirect_uris: [uri] }).expect(400);
        expect(res.body).toEqual({
          error: 'invalid_redirect_uri',
          error_description: expect.stringContaining('/redirect_uris/0'),
        });
      }
      await anonymous(strict, { ...NATIVE, redirect_uris: ['https://app.example.net/cb'] }).expect(201);
    });

    it('does not bind API principals', async () => {
      await t.http
        .post(v3(setupId))
        .send({
          redirect_uris: ['https://app.evil.org/cb'],
          grant_types: ['authorization_code', 'password'],
          scope: 'admin',
        })
        .expect(201);
    });

    it('keeps a self-registered client within the policy when it updates itself', async () => {
      const reg = (await anonymous(setupId).expect(201)).body;
      const path = new URL(reg.registration_client_uri).pathname;
      const res = await t
        .as('anonymous')
        .put(path)
        .set('authorization', `Bearer ${reg.registration_access_token}`)
        .send({ ...NATIVE, client_id: reg.client_id, scope: 'openid admin' })
        .expect(400);
      expect(res.body.error_description).toContain('/scope: ');
    });

    it('refuses registrations beyond max_clients (403), also when they arrive at once', async () => {
      const capped = await setup({ access: 'anyone', max_clients: 3 });
      await t.http.post(v3(capped)).send(NATIVE).expect(201);
      const results = await Promise.all(Array.from({ length: 8 }, () => anonymous(capped).then((r) => r.status)));
      expect(results.filter((s) => s === 201)).toHaveLength(2);
      expect(results.filter((s) => s === 403)).toHaveLength(6);
      expect(await clientCount(capped)).toBe(3);
      const full = await anonymous(capped).expect(403);
      expectProblem(full, 403, 'FORBIDDEN');
      expect(full.body.detail).toContain('3 clients');
    });
  });
});
