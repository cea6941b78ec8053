import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { startTestApp, type TestApp } from './support/test-app';
import { SETUPS } from './support/paths';

describe.each(DATABASES)('who may do what, on %s', (kind) => {
  let t: TestApp;
  let setupId: string;
  let clientId: string;
  let oauthClientId: string;
  let scheduledSnapshotId: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    setupId = (await t.http.post(SETUPS).send({ name: 'auth' }).expect(201)).body.setupId;
    ({ clientId, client_id: oauthClientId } = (
      await t.http.post(`${SETUPS}/${setupId}/clients`).send(clientBody()).expect(201)
    ).body);
    scheduledSnapshotId = (
      await t.http
        .put(`${SETUPS}/${setupId}/clients/${clientId}`)
        .send(clientBody({ valid_from: new Date(Date.now() + 86_400_000).toISOString() }))
        .expect(200)
    ).body.snapshotId;
  });
  afterAll(() => t.close());

  /** Every endpoint but health and the docs, with a request an administrator may make. */
  const endpoints = () => {
    const s = `${SETUPS}/${setupId}`;
    const c = `${s}/clients/${clientId}`;
    return [
      ['GET', SETUPS, undefined],
      ['POST', SETUPS, { name: 'by admin' }],
      ['GET', s, undefined],
      ['PUT', s, { name: 'auth' }],
      ['GET', `${s}/snapshots`, undefined],
      ['GET', `${s}/clients`, undefined],
      ['GET', `${s}/clients/names`, undefined],
      ['GET', `${s}/clients/by-client-id/${oauthClientId}`, undefined],
      ['POST', `${s}/clients`, clientBody()],
      ['GET', c, undefined],
      ['PUT', c, clientBody()],
      ['GET', `${c}/snapshots`, undefined],
      ['GET', `${c}/snapshots/${scheduledSnapshotId}`, undefined],
      ['POST', `/v3/modules/oauthv2/setups/${setupId}/clients`, { redirect_uris: ['https://a.example/cb'] }],
      ['POST', `${c}/secret`, {}],
      ['GET', '/v2/audit', undefined],
    ] as Array<[string, string, object | undefined]>;
  };
  const send = (agent: TestApp['http'], [method, path, body]: [string, string, object | undefined]) => {
    const request = agent[method.toLowerCase() as 'get'](path);
    // A rotation requires If-Match (428 without); this list matches whatever revision the client has reached.
    if (path.endsWith('/secret'))
      request.set('if-match', Array.from({ length: 50 }, (_, i) => `"${i + 1}"`).join(', '));
    return body === undefined ? request : request.send(body);
  };

  it('answers 401 with WWW-Authenticate on every endpoint without a token, or with a bad one', async () => {
    for (const endpoint of endpoints()) {
      const none = await send(t.as('anonymous'), endpoint);
      expect([endpoint[0], endpoint[1], none.status, none.body.code]).toEqual([
        endpoint[0],
        endpoint[1],
        401,
        'UNAUTHENTICATED',
      ]);
      expect(none.headers['www-authenticate']).toBe('Bearer realm="oauth-registry"');
      const bad = await send(t.as('anonymous'), endpoint).set(
        'authorization',
        'Bearer not-a-token-anybody-issued-0123456789',
      );
      expect(bad.status).toBe(401);
      expect(bad.headers['www-authenticate']).toBe('Bearer realm="oauth-registry", error="invalid_token"');
    }
  });

  it('answers 403 to a token without either role, and lets the administrator through', async () => {
    for (const endpoint of endpoints()) {
      const res = await send(t.as('nobody'), endpoint);
      expect([endpoint[1], res.status, res.body.code]).toEqual([endpoint[1], 403, 'FORBIDDEN']);
      const admin = await send(t.http, endpoint);
      expect([endpoint[1], admin.status < 300]).toEqual([endpoint[1], true]);
    }
  });

  it('keeps health and the API docs open', async () => {
    await t.as('anonymous').get('/health/live').expect(200);
    await t.as('anonymous').get('/health/ready').expect(200);
    await t.as('anonymous').get('/docs-json').expect(200);
  });

  it('lets a user read everything but change no setup', async () => {
    const alice = t.as('alice');
    await alice.get(`${SETUPS}/${setupId}`).expect(200);
    await alice.get(`${SETUPS}/${setupId}/clients/${clientId}`).expect(200);
    for (const res of [
      await alice.post(SETUPS).send({ name: 'hers' }),
      await alice.put(`${SETUPS}/${setupId}`).send({ name: 'mine now' }),
      await alice.delete(`${SETUPS}/${setupId}`),
    ]) {
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    }
  });

  it('lets a user create, edit and delete the clients it owns, and no others', async () => {
    const clients = `${SETUPS}/${setupId}/clients`;
    const mine = await t.as('alice').post(clients).send(clientBody()).expect(201);
    const read = await t.as('alice').get(`${clients}/${mine.body.clientId}`).expect(200);
    expect(read.body.owner).toBe('alice');
    const audit = t.events.find((e) => (e as { entityId?: string }).entityId === mine.body.clientId) as {
      actor: string;
    };
    expect(audit.actor).toBe('alice');

    await t
      .as('alice')
      .put(`${clients}/${mine.body.clientId}`)
      .send(clientBody({ name: 'still mine' }))
      .expect(200);
    expect((await t.as('bob').put(`${clients}/${mine.body.clientId}`).send(clientBody())).status).toBe(403);
    expect((await t.as('bob').delete(`${clients}/${mine.body.clientId}`)).status).toBe(403);
    expect(
      (
        await t
          .as('bob')
          .post(clients)
          .send(clientBody({ owner: 'alice' }))
      ).status,
    ).toBe(403);
    expect(
      (
        await t
          .as('alice')
          .put(`${clients}/${mine.body.clientId}`)
          .send(clientBody({ owner: 'bob' }))
      ).status,
    ).toBe(403);
    // The administrator's client is not alice's either.
    expect((await t.as('alice').delete(`${clients}/${clientId}/snapshots/${scheduledSnapshotId}`)).status).toBe(403);
    await t.as('alice').delete(`${clients}/${mine.body.clientId}`).expect(204);
  });
});

/** JWTs from an OpenID Connect issuer, verified against its JWKS served by a local server. */
describe('bearer JWTs', () => {
  let t: TestApp;
  let jwksServer: Server;
  const issuer = 'https://issuer.test.example';
  let sign: (
    claims: Record<string, unknown>,
    options?: { kid?: string; exp?: number; iss?: string },
  ) => Promise<string>;
  let signOther: (claims: Record<string, unknown>) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const other = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    jwksServer = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as { port: number };
    const build = (claims: Record<string, unknown>, o: { kid?: string; exp?: number; iss?: string } = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: o.kid ?? 'k1' })
        .setIssuer(o.iss ?? issuer)
        .setAudience('oauth-registry')
        .setSubject('jwt-user')
        .setIssuedAt()
        .setExpirationTime(o.exp ?? Math.floor(Date.now() / 1000) + 300);
    sign = (claims, o) => build(claims, o).sign(privateKey);
    signOther = (claims) => build(claims, { kid: 'unknown' }).sign(other.privateKey);
    t = await startTestApp('sqlite', {
      auth: {
        tokens: [],
        oidc: {
          issuer,
          audience: 'oauth-registry',
          jwksUrl: `http://127.0.0.1:${port}/jwks`,
          rolesClaim: 'realm_access.roles',
        },
        adminTokenFile: '/nonexistent',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => jwksServer.close(r));
  });

  const get = (token: string) => t.as('anonymous').get(SETUPS).set('authorization', `Bearer ${token}`);

  it('accepts a valid JWT and reads the roles from the configured claim', async () => {
    await get(await sign({ realm_access: { roles: ['nevisMeta.admin'] } })).expect(200);
    expect((await get(await sign({ realm_access: { roles: ['other'] } }))).status).toBe(403);
  });

  it('refuses an expired JWT, one from another issuer, one signed with an unknown key, and alg none', async () => {
    const roles = { realm_access: { roles: ['nevisMeta.admin'] } };
    const unsigned = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      Buffer.from(
        JSON.stringify({
          ...roles,
          sub: 'x',
          iss: issuer,
          aud: 'oauth-registry',
          exp: Math.floor(Date.now() / 1000) + 300,
        }),
      ).toString('base64url'),
      '',
    ].join('.');
    for (const token of [
      await sign(roles, { exp: Math.floor(Date.now() / 1000) - 60 }),
      await sign(roles, { iss: 'https://evil.example' }),
      await signOther(roles),
      unsigned,
    ]) {
      const res = await get(token);
      expect([res.status, res.headers['www-authenticate']]).toEqual([
        401,
        'Bearer realm="oauth-registry", error="invalid_token"',
      ]);
    }
  });
});

describe('zero configuration', () => {
  it('generates an admin token on first start, prints it once and keeps only its hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'admin-token-'));
    const file = join(dir, 'admin-token.sha256');
    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    let token: string;
    try {
      const first = await startTestApp('sqlite', { auth: { tokens: [], adminTokenFile: file } });
      token = /\n {2}([A-Za-z0-9_-]{43})\n/.exec(printed.join(''))![1];
      await first.as('anonymous').get(SETUPS).set('authorization', `Bearer ${token}`).expect(200);
      await first.close();
    } finally {
      write.mockRestore();
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(token);

    const second = await startTestApp('sqlite', { auth: { tokens: [], adminTokenFile: file } });
    try {
      await second.as('anonymous').get(SETUPS).set('authorization', `Bearer ${token}`).expect(200);
      await second.as('anonymous').get(SETUPS).expect(401);
    } finally {
      await second.close();
    }
  });
});
