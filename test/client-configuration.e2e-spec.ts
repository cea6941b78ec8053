import { ClientConfigurationCache } from '@app/clients';
import { clientBody, RSA_PUBLIC_JWK } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { LogCapture } from './support/log-capture';
import { eventually, startTestApp, type TestApp, TEST_TOKENS } from './support/test-app';
import { ShiftedClock } from './support/test-clock';

const SETUPS = '/v2/modules/oauthv2/setups';

/** One stream for the file (nestjs-pino keeps the first logger of a process). */
const logs = new LogCapture();

describe.each(DATABASES)('GET .../clients/by-client-id/:client_id/configuration on %s', (kind) => {
  let t: TestApp;
  let setupId: string;
  let clients: string;
  const clock = new ShiftedClock();
  const configurationOf = (oauthClientId: string) =>
    `${clients}/by-client-id/${encodeURIComponent(oauthClientId)}/configuration`;
  const read = (oauthClientId: string) => t.as('authorizationServer').get(configurationOf(oauthClientId));

  beforeAll(async () => {
    logs.clear();
    t = await startTestApp(kind, { logLevel: 'log' }, clock, undefined, logs);
    setupId = (
      await t.http
        .post(SETUPS)
        .send({ name: 'AS', client_defaults: { grant_types: ['authorization_code'], access_token_ttl: 600 } })
        .expect(201)
    ).body.setupId;
    clients = `${SETUPS}/${setupId}/clients`;
  });
  afterAll(() => t.close());

  it('answers RFC 7591 metadata with the inherited values, the secret in force, and no-store', async () => {
    const created = await t.http
      .post(clients)
      .send(clientBody({ client_id: 'web-app', scopes: ['openid', 'profile'], contacts: ['ops@example.com'] }))
      .expect(201);
    const res = await read('web-app').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      client_id: 'web-app',
      client_id_issued_at: expect.any(Number),
      client_name: expect.any(String),
      redirect_uris: [expect.stringMatching(/^https:\/\/app\d+\.example\.com\/callback$/)],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'openid profile',
      contacts: ['ops@example.com'],
      client_secret: created.body.client_secret,
      client_secret_expires_at: 0,
      previous_client_secrets: [],
      confidentiality_type: 'confidential',
      pkce_mode: 'allowed',
      access_token_ttl: 600,
      registry: {
        setup_id: setupId,
        entity_id: created.body.clientId,
        snapshot_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        valid_from: expect.any(String),
        next_change_at: null,
      },
    });
    expect(Math.abs(res.body.client_id_issued_at - Date.now() / 1000)).toBeLessThan(5);
  });

  it('is for nevisMeta.authorizationServer only, and that role may call nothing else', async () => {
    await t.http
      .post(clients)
      .send(clientBody({ client_id: 'guarded' }))
      .expect(201);
    for (const who of ['admin', 'alice', 'nobody'] as const) {
      const res = await t.as(who).get(configurationOf('guarded')).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(JSON.stringify(res.body)).not.toContain('client_secret"');
    }
    expect((await t.as('anonymous').get(configurationOf('guarded')).expect(401)).body.code).toBe('UNAUTHENTICATED');
    const as = t.as('authorizationServer');
    await as.get(SETUPS).expect(403);
    await as.get(`${SETUPS}/${setupId}`).expect(403);
    await as.get(clients).expect(403);
    await as.get(`${clients}/by-client-id/guarded`).expect(403);
    await as.post(clients).send(clientBody()).expect(403);
    await as.get('/v2/audit').expect(403);
    await read('guarded').expect(200);
  });

  it('answers 404 for an unknown, a deleted and a not-yet-valid client, and for an unknown setup', async () => {
    expect((await read('never-registered').expect(404)).body.code).toBe('CLIENT_NOT_FOUND');
    const { clientId } = (
      await t.http
        .post(clients)
        .send(clientBody({ client_id: 'short-lived' }))
        .expect(201)
    ).body;
    await read('short-lived').expect(200);
    await t.http.delete(`${clients}/${clientId}`).expect(204);
    expect((await read('short-lived').expect(404)).body.code).toBe('CLIENT_NOT_FOUND');

    const at = new Date(clock.now().getTime() + 3_600_000);
    await t.http
      .post(clients)
      .send(clientBody({ client_id: 'tomorrow', valid_from: at.toISOString() }))
      .expect(201);
    const early = await read('tomorrow').expect(404);
    expect(early.body).toMatchObject({ code: 'NOT_YET_VALID', valid_from: at.toISOString() });
    expect(JSON.stringify(early.body)).not.toContain('client_secret');
    const unknownSetup = await t
      .as('authorizationServer')
      .get(`${SETUPS}/${'0'.repeat(32)}/clients/by-client-id/web-app/configuration`)
      .expect(404);
    expect(unknownSetup.body.code).toBe('SETUP_NOT_FOUND');
    await t
      .as('authorizationServer')
      .get(`/v2/modules/other/setups/${setupId}/clients/by-client-id/x/configuration`)
      .expect(404);
  });

  it('shows an edit, a rotation and a setup default change at once, and a scheduled change at its valid_from', async () => {
    const created = await t.http
      .post(clients)
      .send(clientBody({ client_id: 'changing' }))
      .expect(201);
    const { clientId, client_secret: first } = created.body;
    const path = `${clients}/${clientId}`;
    await read('changing').expect(200);

    await t.http
      .put(path)
      .send(clientBody({ redirect_uris: ['https://edited.example.com/cb'] }))
      .expect(200);
    expect((await read('changing').expect(200)).body.redirect_uris).toEqual(['https://edited.example.com/cb']);

    const etag = (await t.http.get(path).expect(200)).headers.etag;
    const rotated = await t.http
      .post(`${path}/secret`)
      .set('if-match', etag)
      .send({ grace_period_seconds: 60 })
      .expect(200);
    const afterRotation = (await read('changing').expect(200)).body;
    expect(afterRotation.client_secret).toBe(rotated.body.client_secret);
    expect(afterRotation.previous_client_secrets).toEqual([
      { client_secret: first, expires_at: rotated.body.previous_client_secret_valid_until },
    ]);

    await t.http
      .put(`${SETUPS}/${setupId}`)
      .send({ name: 'AS', client_defaults: { grant_types: ['authorization_code'], access_token_ttl: 120 } })
      .expect(200);
    expect((await read('changing').expect(200)).body.access_token_ttl).toBe(120);

    const at = new Date(clock.now().getTime() + 30_000);
    await t.http
      .put(path)
      .send(clientBody({ redirect_uris: ['https://scheduled.example.com/cb'], valid_from: at.toISOString() }))
      .expect(200);
    const before = (await read('changing').expect(200)).body;
    expect(before.redirect_uris).toEqual(['https://edited.example.com/cb']);
    expect(before.registry.next_change_at).toBe(at.toISOString());
    // Served from the cache now; the cached answer must not outlive the scheduled instant.
    clock.advance(at.getTime() - clock.now().getTime());
    const scheduled = (await read('changing').expect(200)).body;
    expect(scheduled.redirect_uris).toEqual(['https://scheduled.example.com/cb']);
    expect(scheduled.registry.valid_from).toBe(at.toISOString());
    expect(scheduled.previous_client_secrets).toHaveLength(1);

    // The grace period ends: the previous secret is no longer served.
    clock.advance(61_000);
    const after = (await read('changing').expect(200)).body;
    expect(after.previous_client_secrets).toEqual([]);
    expect(after.client_secret).toBe(rotated.body.client_secret);
  });

  it('serves public and private_key_jwt clients without a secret, with their PKCE mode and keys', async () => {
    await t.http
      .post(clients)
      .send(clientBody({ client_id: 'spa', confidentiality_type: 'public', redirect_uris: ['http://127.0.0.1/cb'] }))
      .expect(201);
    const spa = (await read('spa').expect(200)).body;
    expect(spa).toMatchObject({ token_endpoint_auth_method: 'none', pkce_mode: 's256_required' });
    expect(spa).not.toHaveProperty('client_secret');
    await t.http
      .post(clients)
      .send(
        clientBody({
          client_id: 'signed',
          grant_types: ['client_credentials'],
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: { keys: [RSA_PUBLIC_JWK] },
        }),
      )
      .expect(201);
    const signed = (await read('signed').expect(200)).body;
    expect(signed).toMatchObject({
      grant_types: ['client_credentials'],
      response_types: [],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [expect.objectContaining({ kty: 'RSA', kid: RSA_PUBLIC_JWK.kid, n: RSA_PUBLIC_JWK.n })] },
      previous_client_secrets: [],
    });
    expect(signed).not.toHaveProperty('client_secret');
    await t.http
      .post(clients)
      .send(
        clientBody({
          client_id: 'mtls',
          grant_types: ['client_credentials'],
          token_endpoint_auth_method: 'tls_client_auth',
          tls_client_auth_subject_dn: 'CN=reporting,O=Example',
        }),
      )
      .expect(201);
    expect((await read('mtls').expect(200)).body).toMatchObject({
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: 'CN=reporting,O=Example',
      previous_client_secrets: [],
    });
  });

  (kind === 'postgres' ? it : it.skip)(
    'sees within a second what another instance of the same database changed',
    async () => {
      const other = await startTestApp(kind, { logLevel: 'log' }, clock, t.db, logs);
      try {
        // Once the other instances' changes are read, entries are kept up to a minute: only that feed
        // can make this instance see the changes below within a second.
        await eventually(() => expect(other.app.get(ClientConfigurationCache).maxAgeMs).toBe(60_000));
        const readThere = (id: string) => other.as('authorizationServer').get(configurationOf(id).replace(t.url, ''));
        expect((await readThere('not-yet-there').expect(404)).body.code).toBe('CLIENT_NOT_FOUND');
        const { clientId } = (
          await t.http
            .post(clients)
            .send(clientBody({ client_id: 'not-yet-there' }))
            .expect(201)
        ).body;
        await eventually(async () => expect((await readThere('not-yet-there')).status).toBe(200), 1000);
        await readThere('not-yet-there').expect(200);
        await t.http
          .put(`${clients}/${clientId}`)
          .send(clientBody({ redirect_uris: ['https://moved.example.com/cb'] }));
        await eventually(
          async () =>
            expect((await readThere('not-yet-there')).body.redirect_uris).toEqual(['https://moved.example.com/cb']),
          1000,
        );
        await t.http.delete(`${clients}/${clientId}`).expect(204);
        await eventually(async () => expect((await readThere('not-yet-there')).status).toBe(404), 1000);
      } finally {
        await other.close();
      }
    },
  );

  it('never logs a secret it serves', async () => {
    const created = await t.http
      .post(clients)
      .send(clientBody({ client_id: 'logged' }))
      .expect(201);
    const body = (await read('logged').expect(200)).body;
    expect(body.client_secret).toBe(created.body.client_secret);
    const everything = logs.lines.join('\n');
    expect(everything).toContain('/configuration');
    expect(everything).not.toContain(created.body.client_secret);
    expect(everything).not.toContain(TEST_TOKENS.authorizationServer);
  });
});
