import { ClientSnapshotEntity } from '@app/clients';
import { DATABASES } from './support/databases';
import { startTestApp, type TestApp } from './support/test-app';
import { SETUPS } from './support/paths';

const HEX32 = /^[0-9a-f]{32}$/;

/** RFC 7591 dynamic client registration at /v3/modules/:module/setups/:setupId/clients. */
describe.each(DATABASES)('dynamic client registration on %s', (kind) => {
  let t: TestApp;
  let setupId: string;
  const register = () => `/v3/modules/oauthv2/setups/${setupId}/clients`;

  beforeAll(async () => {
    t = await startTestApp(kind);
    setupId = (await t.http.post(SETUPS).send({ name: 'dcr' }).expect(201)).body.setupId;
  });
  afterAll(() => t.close());

  it('registers a client with the RFC defaults, issues credentials once, and ignores unknown metadata', async () => {
    const res = await t.http
      .post(register())
      .send({
        redirect_uris: ['https://app.example.com/cb'],
        client_name: 'My app',
        scope: 'openid profile',
        software_id: 'app-4711',
        client_id: 'ignored',
        unknown_member: { x: 1 },
      })
      .expect(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      client_id: expect.stringMatching(HEX32),
      client_secret: expect.any(String),
      client_id_issued_at: expect.any(Number),
      client_secret_expires_at: 0,
      registration_access_token: expect.any(String),
      registration_client_uri: expect.stringMatching(
        /\/v3\/modules\/oauthv2\/setups\/[0-9a-f]{32}\/clients\/[0-9a-f]{32}$/,
      ),
      redirect_uris: ['https://app.example.com/cb'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      client_name: 'My app',
      scope: 'openid profile',
      software_id: 'app-4711',
    });
    expect(Math.abs(res.body.client_id_issued_at - Date.now() / 1000)).toBeLessThan(10);
    expect(Buffer.from(res.body.client_secret, 'base64url')).toHaveLength(32);

    // An ordinary versioned client of the setup.
    const { clientId } = (
      await t.http.get(`${SETUPS}/${setupId}/clients/by-client-id/${res.body.client_id}`).expect(200)
    ).body;
    expect(res.headers.location).toBe(`${SETUPS}/${setupId}/clients/${clientId}`);
    const read = (await t.http.get(`${SETUPS}/${setupId}/clients/${clientId}`).expect(200)).body;
    expect(read).toMatchObject({
      name: 'My app',
      scopes: ['openid', 'profile'],
      client_secret_set: true,
      confidentiality_type: 'confidential',
    });
    expect(
      JSON.stringify(await t.dataSource.getRepository(ClientSnapshotEntity).findBy({ ownerId: clientId })),
    ).not.toContain(res.body.client_secret);
  });

  it('fills in A128CBC-HS256 for an ID-token encryption alg without enc', async () => {
    const res = await t.http
      .post(register())
      .send({
        redirect_uris: ['https://app.example.com/cb'],
        id_token_encrypted_response_alg: 'RSA-OAEP-256',
        jwks_uri: 'https://app.example.com/jwks',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      id_token_encrypted_response_alg: 'RSA-OAEP-256',
      id_token_encrypted_response_enc: 'A128CBC-HS256',
    });
  });

  it('registers a public client without a secret', async () => {
    const res = await t.http
      .post(register())
      .send({ redirect_uris: ['com.example.app:/cb'], token_endpoint_auth_method: 'none' })
      .expect(201);
    expect(res.body).not.toHaveProperty('client_secret');
    expect(res.body).not.toHaveProperty('client_secret_expires_at');
    expect(res.body).toMatchObject({ token_endpoint_auth_method: 'none', grant_types: ['authorization_code'] });
  });

  it('answers the standard error body for a bad redirect URI and for bad metadata, storing nothing', async () => {
    const before = await t.dataSource.getRepository(ClientSnapshotEntity).count();
    const redirect = await t.http
      .post(register())
      .send({ redirect_uris: ['http://app.example.com/cb#x'] })
      .expect(400);
    expect(redirect.headers['content-type']).toMatch(/^application\/json/);
    expect(redirect.body).toEqual({
      error: 'invalid_redirect_uri',
      error_description: expect.stringContaining('/redirect_uris/0'),
    });

    const metadata = await t.http
      .post(register())
      .send({
        redirect_uris: ['https://app.example.com/cb'],
        grant_types: ['client_credentials'],
        response_types: ['code'],
        client_name: 42,
      })
      .expect(400);
    expect(metadata.body).toEqual({
      error: 'invalid_client_metadata',
      error_description: expect.stringMatching(/\/client_name: client_name must be a string/),
    });
    expect(metadata.body.error_description).toContain('/response_types');
    expect(await t.dataSource.getRepository(ClientSnapshotEntity).count()).toBe(before);
  });

  it('agrees with the V2 API on what is valid', async () => {
    const body = {
      redirect_uris: ['https://app.example.com/cb'],
      grant_types: ['implicit'],
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
    };
    const v2 = await t.http.post(`${SETUPS}/${setupId}/clients`).send(body).expect(400);
    const v3 = await t.http.post(register()).send(body).expect(400);
    const v2Paths = [...new Set(v2.body.errors.map((e: { path: string }) => e.path))].sort();
    expect(v2Paths).toEqual(['/response_types', '/token_endpoint_auth_method']);
    for (const path of v2Paths) expect(v3.body.error_description).toContain(String(path));
  });

  it('answers problem+json 404 for an unknown setup or module', async () => {
    const res = await t.http
      .post('/v3/modules/oauthv2/setups/0123456789abcdef0123456789abcdef/clients')
      .send({ redirect_uris: ['https://a.example/cb'] })
      .expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('SETUP_NOT_FOUND');
    expect((await t.http.post(`/v3/modules/saml/setups/${setupId}/clients`).send({}).expect(404)).body.code).toBe(
      'MODULE_NOT_FOUND',
    );
  });
});
