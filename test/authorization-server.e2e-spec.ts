import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { clientBody } from './factories/client.factory';
import {
  assertAdapterInstalled,
  type AuthorizationServer,
  authorizationCodeWithPkce,
  clientCredentials,
  clientCredentialsWithAssertion,
  startAuthorizationServer,
} from './support/authorization-server';
import { DATABASES } from './support/databases';
import { testStream, type TestStream } from './support/nats';
import { startTestApp, type TestApp } from './support/test-app';
import { ShiftedClock } from './support/test-clock';

// A clear failure, not a crash in a child process, when the adapter package was never installed.
assertAdapterInstalled();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it is true; answers how long that took (ms), or fails after `timeoutMs`. */
async function within(timeoutMs: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(25);
  }
  return Date.now() - start;
}

describe.each(DATABASES)('node-oidc-provider serving the clients of the registry on %s', (kind) => {
  const clock = new ShiftedClock();
  let t: TestApp;
  let stream: TestStream;
  let setupId: string;
  let clients: string;
  /** One provider follows the registry's events on NATS, the other polls it. */
  let viaEvents: AuthorizationServer;
  let viaPolling: AuthorizationServer;
  let servers: Array<[string, AuthorizationServer]>;

  beforeAll(async () => {
    stream = testStream();
    t = await startTestApp(kind, { outbox: stream.config }, clock);
    setupId = (await t.http.post('/v2/modules/oauthv2/setups').send({ name: 'AS' }).expect(201)).body.setupId;
    clients = `/v2/modules/oauthv2/setups/${setupId}/clients`;
    // The relay creates the stream on its first publish; the provider's consumer needs it to exist.
    await t.http
      .post(clients)
      .send(clientBody({ client_id: 'first' }))
      .expect(201);
    await within(5000, async () => (await stream.read()).length > 0);
    const started = await Promise.allSettled([
      startAuthorizationServer({ registryUrl: t.url, setupId, nats: stream.config }),
      startAuthorizationServer({ registryUrl: t.url, setupId }),
    ]);
    [viaEvents, viaPolling] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined!));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    servers = [
      ['events', viaEvents],
      ['polling', viaPolling],
    ];
  }, 60_000);
  afterAll(async () => {
    await Promise.all([viaEvents?.stop(), viaPolling?.stop()]);
    await t?.close();
    await stream?.drop();
  });

  const machineClient = (overrides: Record<string, unknown> = {}) =>
    clientBody({ grant_types: ['client_credentials'], scopes: ['api:read'], ...overrides });

  it('advertises its token endpoint in its discovery document', async () => {
    const discovery = await (await fetch(`${viaEvents.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer: viaEvents.issuer,
      token_endpoint: `${viaEvents.issuer}/token`,
      grant_types_supported: expect.arrayContaining(['authorization_code', 'client_credentials']),
    });
  });

  it('issues tokens to a client registered through V2 and one registered through RFC 7591, and only with their secret', async () => {
    const v2 = (await t.http.post(clients).send(machineClient()).expect(201)).body;
    const v3 = (
      await t.http
        .post(`/v3/modules/oauthv2/setups/${setupId}/clients`)
        .send({
          client_name: 'Registered',
          grant_types: ['client_credentials'],
          scope: 'api:read',
          redirect_uris: ['https://machine.example.com/cb'],
        })
        .expect(201)
    ).body;
    for (const [, as] of servers) {
      for (const client of [v2, v3]) {
        const token = await clientCredentials(as.issuer, client.client_id, client.client_secret, 'api:read');
        expect(token).toMatchObject({
          status: 200,
          body: { access_token: expect.any(String), token_type: 'Bearer', scope: 'api:read' },
        });
      }
      const wrong = await clientCredentials(as.issuer, v2.client_id, `${v2.client_secret}x`);
      expect(wrong).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      const unknown = await clientCredentials(as.issuer, 'never-registered', v2.client_secret);
      expect(unknown).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    }
  });

  it('runs the authorization code flow with PKCE for public clients registered through V2 and V3', async () => {
    const redirectUri = 'http://127.0.0.1:9/callback';
    await t.http
      .post(clients)
      .send(clientBody({ client_id: 'spa-v2', confidentiality_type: 'public', redirect_uris: [redirectUri] }))
      .expect(201);
    const v3 = (
      await t.http
        .post(`/v3/modules/oauthv2/setups/${setupId}/clients`)
        .send({ redirect_uris: [redirectUri], token_endpoint_auth_method: 'none', scope: 'openid' })
        .expect(201)
    ).body;
    for (const [, as] of servers) {
      for (const clientId of ['spa-v2', v3.client_id]) {
        const { token } = await authorizationCodeWithPkce(as.issuer, clientId, redirectUri);
        expect(token).toMatchObject({
          status: 200,
          body: { access_token: expect.any(String), id_token: expect.any(String), token_type: 'Bearer' },
        });
      }
    }
  });

  it('accepts a rotated-out secret until its grace period ends, then refuses it', async () => {
    const {
      clientId,
      client_id: oauthId,
      client_secret: old,
    } = (await t.http.post(clients).send(machineClient()).expect(201)).body;
    for (const [, as] of servers) expect((await clientCredentials(as.issuer, oauthId, old)).status).toBe(200);
    const etag = (await t.http.get(`${clients}/${clientId}`).expect(200)).headers.etag;
    const rotated = (
      await t.http
        .post(`${clients}/${clientId}/secret`)
        .set('if-match', etag)
        .send({ grace_period_seconds: 3 })
        .expect(200)
    ).body;
    const graceEnds = Date.parse(rotated.previous_client_secret_valid_until);
    for (const [, as] of servers) {
      // The new secret reaches the provider within a second; the old one keeps working meanwhile.
      await within(
        1000,
        async () => (await clientCredentials(as.issuer, oauthId, rotated.client_secret)).status === 200,
      );
      expect((await clientCredentials(as.issuer, oauthId, old)).status).toBe(200);
    }
    await sleep(graceEnds - Date.now() + 50);
    for (const [, as] of servers) {
      expect(await clientCredentials(as.issuer, oauthId, old)).toMatchObject({
        status: 401,
        body: { error: 'invalid_client' },
      });
      expect((await clientCredentials(as.issuer, oauthId, rotated.client_secret)).status).toBe(200);
    }
  });

  it('refuses a redirect URI scheduled for T before T, and accepts it within a second after T', async () => {
    const current = 'http://127.0.0.1:9/current';
    const scheduled = 'http://127.0.0.1:9/scheduled';
    const body = { client_id: `spa-${randomBytes(4).toString('hex')}`, confidentiality_type: 'public' };
    const { clientId } = (
      await t.http
        .post(clients)
        .send(clientBody({ ...body, redirect_uris: [current] }))
        .expect(201)
    ).body;
    // The registry runs an hour ahead of real time (its injected clock); T is 2.5 s after its now.
    clock.advance(3_600_000);
    const at = clock.now().getTime() + 2500;
    await t.http
      .put(`${clients}/${clientId}`)
      .send(clientBody({ ...body, redirect_uris: [current, scheduled], valid_from: new Date(at).toISOString() }))
      .expect(200);
    for (const [, as] of servers) {
      expect((await authorizationCodeWithPkce(as.issuer, body.client_id, scheduled)).refusedWith).toBe(400);
      expect((await authorizationCodeWithPkce(as.issuer, body.client_id, current)).token?.status).toBe(200);
    }
    expect(clock.now().getTime()).toBeLessThan(at);
    await sleep(at - clock.now().getTime());
    const latencies = await Promise.all(
      servers.map(([, as]) =>
        within(
          1000,
          async () => (await authorizationCodeWithPkce(as.issuer, body.client_id, scheduled)).token?.status === 200,
        ),
      ),
    );
    expect(latencies.every((ms) => ms <= 1000)).toBe(true);
  });

  it('refuses a deleted client within one second', async () => {
    const {
      clientId,
      client_id: oauthId,
      client_secret: secret,
    } = (await t.http.post(clients).send(machineClient()).expect(201)).body;
    for (const [, as] of servers) expect((await clientCredentials(as.issuer, oauthId, secret)).status).toBe(200);
    await t.http.delete(`${clients}/${clientId}`).expect(204);
    await Promise.all(
      servers.map(([, as]) =>
        within(1000, async () => (await clientCredentials(as.issuer, oauthId, secret)).status === 401),
      ),
    );
  });

  it('authenticates a private_key_jwt client with a key of its jwks, and no other key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'signing-1', use: 'sig', alg: 'ES256' };
    const clientId = `signed-${randomBytes(4).toString('hex')}`;
    await t.http
      .post(clients)
      .send(
        machineClient({ client_id: clientId, token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [jwk] } }),
      )
      .expect(201);
    const assertion = (key: Parameters<SignJWT['sign']>[0], aud: string) =>
      new SignJWT({ jti: randomBytes(16).toString('hex') })
        .setProtectedHeader({ alg: 'ES256', kid: 'signing-1' })
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime('1m')
        .sign(key);
    const other = await generateKeyPair('ES256');
    for (const [, as] of servers) {
      const token = await clientCredentialsWithAssertion(as.issuer, await assertion(privateKey, as.issuer));
      expect(token).toMatchObject({ status: 200, body: { access_token: expect.any(String) } });
      const forged = await clientCredentialsWithAssertion(as.issuer, await assertion(other.privateKey, as.issuer));
      expect(forged).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    }
  });
});
