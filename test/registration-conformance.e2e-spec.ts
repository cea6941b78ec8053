import { DATABASES } from './support/databases';
import { SETUPS } from './support/paths';
import { startTestApp, type TestApp } from './support/test-app';

const SUBJECTS = {
  tls_client_auth_subject_dn: 'CN=payments-backend,O=Example Bank,C=CH',
  tls_client_auth_san_dns: 'payments.example.com',
  tls_client_auth_san_uri: 'spiffe://example.com/payments',
  tls_client_auth_san_ip: '2001:db8::10',
  tls_client_auth_san_email: 'payments@example.com',
};

/** RFC 7591 / RFC 8705 / RFC 8252 members on both APIs: each one honoured or refused by name. */
describe.each(DATABASES)('registration conformance on %s', (kind) => {
  let t: TestApp;
  let setupId: string;
  const v2 = () => `${SETUPS}/${setupId}/clients`;
  const v3 = () => `/v3/modules/oauthv2/setups/${setupId}/clients`;

  beforeAll(async () => {
    t = await startTestApp(kind);
    setupId = (await t.http.post(SETUPS).send({ name: 'conformance' }).expect(201)).body.setupId;
  });
  afterAll(() => t.close());

  describe.each(Object.entries(SUBJECTS))('tls_client_auth with %s', (member, value) => {
    const body = {
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'tls_client_auth',
      [member]: value,
    };

    it('is stored and returned on v3', async () => {
      const res = await t.http.post(v3()).send(body).expect(201);
      expect(res.body).toMatchObject({ token_endpoint_auth_method: 'tls_client_auth', [member]: value });
      expect(res.body).not.toHaveProperty('client_secret');
      const read = await t.http.get(res.headers.location).expect(200);
      expect(read.body[member]).toBe(value);
    });

    it('is stored and returned on v2', async () => {
      const { clientId } = (await t.http.post(v2()).send(body).expect(201)).body;
      const read = await t.http.get(`${v2()}/${clientId}`).expect(200);
      expect(read.body).toMatchObject({ token_endpoint_auth_method: 'tls_client_auth', [member]: value });
      expect(read.body.client_secret_set).toBe(false);
    });
  });

  it('refuses tls_client_auth without a subject, with two, with a malformed one, and a subject for another method', async () => {
    const base = { grant_types: ['client_credentials'], token_endpoint_auth_method: 'tls_client_auth' };
    const none = await t.http.post(v2()).send(base).expect(400);
    expect(none.body.errors).toEqual([
      { path: '/token_endpoint_auth_method', message: expect.stringContaining('exactly one') },
    ]);
    const two = await t.http
      .post(v3())
      .send({ ...base, tls_client_auth_san_dns: 'a.example.com', tls_client_auth_san_ip: '192.0.2.1' })
      .expect(400);
    expect(two.body).toEqual({
      error: 'invalid_client_metadata',
      error_description: expect.stringContaining('/tls_client_auth_san_ip'),
    });
    const bad = await t.http
      .post(v2())
      .send({ ...base, tls_client_auth_san_ip: '192.0.2.300' })
      .expect(400);
    expect(bad.body.errors).toEqual([{ path: '/tls_client_auth_san_ip', message: expect.any(String) }]);
    const other = await t.http
      .post(v2())
      .send({ grant_types: ['client_credentials'], tls_client_auth_subject_dn: 'CN=x' })
      .expect(400);
    expect(other.body.errors).toEqual([
      { path: '/tls_client_auth_subject_dn', message: expect.stringContaining('only for') },
    ]);
  });

  it('registers machine-to-machine and device-flow clients without redirect URIs, on v2 and v3', async () => {
    const m2m = await t.http
      .post(v3())
      .send({ grant_types: ['client_credentials'], client_name: 'batch' })
      .expect(201);
    expect(m2m.body).toMatchObject({ grant_types: ['client_credentials'], response_types: [] });
    expect(m2m.body.redirect_uris ?? []).toEqual([]);
    expect(m2m.body.client_secret).toEqual(expect.any(String));
    await t.http
      .post(v2())
      .send({ grant_types: ['client_credentials'] })
      .expect(201);
    await t.http
      .post(v2())
      .send({ grant_types: ['urn:ietf:params:oauth:grant-type:device_code'], confidentiality_type: 'public' })
      .expect(201);
    const code = await t.http.post(v3()).send({ client_name: 'no redirect' }).expect(400);
    expect(code.body).toEqual({
      error: 'invalid_redirect_uri',
      error_description: expect.stringContaining('/redirect_uris: at least one redirect URI is required'),
    });
  });

  it('accepts response_types ["none"] and refuses none with others', async () => {
    const none = await t.http
      .post(v3())
      .send({ grant_types: ['client_credentials'], response_types: ['none'] })
      .expect(201);
    expect(none.body.response_types).toEqual(['none']);
    const mixed = await t.http
      .post(v2())
      .send({ grant_types: ['client_credentials'], response_types: ['none', 'code'] })
      .expect(400);
    expect(mixed.body.errors.map((e: { path: string }) => e.path)).toContain('/response_types');
  });

  it('refuses a loopback redirect for an implicit-flow client', async () => {
    const res = await t.http
      .post(v2())
      .send({
        redirect_uris: ['https://app.example.com/cb', 'http://localhost:3000/cb'],
        grant_types: ['implicit'],
        response_types: ['token'],
      })
      .expect(400);
    expect(res.body.errors).toEqual([{ path: '/redirect_uris/1', message: expect.stringContaining('implicit') }]);
  });

  it('registers native clients with a loopback redirect on any port and with a private-use scheme', async () => {
    for (const uri of ['http://127.0.0.1:51004/callback', 'http://[::1]:8400/cb', 'com.example.app:/oauth2redirect']) {
      const res = await t.http
        .post(v3())
        .send({ redirect_uris: [uri], token_endpoint_auth_method: 'none' })
        .expect(201);
      expect(res.body).toMatchObject({ redirect_uris: [uri], token_endpoint_auth_method: 'none' });
    }
  });

  it('treats an empty scope string as no scope and refuses a malformed one', async () => {
    const empty = await t.http
      .post(v3())
      .send({ redirect_uris: ['https://a.example/cb'], scope: '' })
      .expect(201);
    expect(empty.body).not.toHaveProperty('scope');
    const read = await t.http.get(empty.headers.location).expect(200);
    expect(read.body.scopes ?? []).toEqual([]);
    for (const scope of [' openid', 'openid  profile', ['openid']]) {
      const res = await t.http
        .post(v3())
        .send({ redirect_uris: ['https://a.example/cb'], scope })
        .expect(400);
      expect(res.body).toEqual({
        error: 'invalid_client_metadata',
        error_description: expect.stringMatching(/^\/scope: /),
      });
    }
  });

  it('ignores unknown members on v3 and refuses them on v2', async () => {
    const body = { redirect_uris: ['https://a.example/cb'], application_type: 'web', 'client_name#de': 'App' };
    await t.http.post(v3()).send(body).expect(201);
    const res = await t.http.post(v2()).send(body).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/application_type',
      '/client_name#de',
    ]);
  });
});
