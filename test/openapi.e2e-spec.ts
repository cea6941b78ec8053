import { startTestApp, type TestApp } from './support/test-app';

/** Swagger describes the seed's body completely; a person reads it at /docs. */
describe('OpenAPI', () => {
  let t: TestApp;
  let doc: {
    paths: Record<
      string,
      Record<
        string,
        {
          responses: Record<string, { content?: Record<string, unknown> }>;
          requestBody?: unknown;
          parameters?: Array<{ name: string }>;
        }
      >
    >;
    components: {
      schemas: Record<string, { properties: Record<string, Record<string, unknown>>; required?: string[] }>;
    };
  };

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    doc = (await t.http.get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('serves Swagger UI at /docs', async () => {
    const res = await t.http.get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });

  it('documents every field of the seed create-client body with its type', () => {
    const seedFields = [
      'redirect_uris',
      'grant_types',
      'scopes',
      'response_types',
      'contacts',
      'metadata',
      'jwks',
      'name',
      'owner',
      'comment',
      'notSentGrantType',
      'valid_from',
      'client_id',
      'client_secret',
      'client_uri',
      'confidentiality_type',
      'pkce_mode',
      'force_reauthentication',
      'access_token_ttl',
      'refresh_token_ttl',
      'id_token_ttl',
      'persisted_consent_ttl',
      'jwks_uri',
      'logo_uri',
      'tos_uri',
      'policy_uri',
      'token_endpoint_auth_method',
      'require_pushed_authorization_requests',
      'id_token_signed_response_alg',
      'id_token_encrypted_response_alg',
      'id_token_encrypted_response_enc',
    ];
    const schema = doc.components.schemas.ClientBodyDto;
    // The seed's fields, the marker of inherited values that reads carry (a read can be sent back), and
    // the RFC 8705 certificate subject of tls_client_auth clients. redirect_uris depends on the grant types.
    const rfc8705 = ['subject_dn', 'san_dns', 'san_uri', 'san_ip', 'san_email'].map((m) => `tls_client_auth_${m}`);
    expect(Object.keys(schema.properties).sort()).toEqual([...seedFields, 'inherited', ...rfc8705].sort());
    expect(schema.required).toBeUndefined();
    expect(schema.properties.valid_from).toMatchObject({ type: 'string', format: 'date-time' });
    expect(schema.properties.access_token_ttl).toMatchObject({ type: 'integer', minimum: 0, maximum: 315360000 });
    expect(schema.properties.id_token_signed_response_alg).toMatchObject({
      enum: ['RS256', 'RS384', 'RS512', 'ES256', 'ES256K', 'ES384', 'ES512'],
    });
    expect(schema.properties.grant_types).toMatchObject({
      type: 'array',
      items: { enum: expect.arrayContaining(['authorization_code', 'client_credentials']) },
    });
    expect(schema.properties.redirect_uris).toMatchObject({ type: 'array', maxItems: 100 });
    for (const field of seedFields.filter((f) => !['metadata', 'jwks'].includes(f))) {
      expect([schema.properties[field].type, field]).toEqual([expect.any(String), field]);
    }
  });

  it('gives every documented request field an example', () => {
    const missing = [
      'ClientBodyDto',
      'JwksDto',
      'JwkDto',
      'MetadataItemDto',
      'SetupBodyDto',
      'ResourceServerBodyDto',
      'ScopeDto',
    ].flatMap((name) =>
      Object.entries(doc.components.schemas[name].properties)
        .filter(([, property]) => property.example === undefined)
        .map(([field]) => `${name}.${field}`),
    );
    expect(missing).toEqual([]);
  });

  it('documents the nested jwks key schema in both shapes', () => {
    const jwk = doc.components.schemas.JwkDto.properties;
    expect(Object.keys(jwk)).toEqual(
      expect.arrayContaining([
        'kty',
        'kid',
        'n',
        'e',
        'crv',
        'x',
        'y',
        'x5c',
        'keyType',
        'keyID',
        'keyUse',
        'algorithm',
        'keyOperations',
        'requiredParams',
        'x509CertChain',
        'private',
      ]),
    );
    expect(doc.components.schemas.JwksDto.properties.keys).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/JwkDto' },
    });
  });

  it('documents the create-client responses with their bodies', () => {
    const post = doc.paths['/v2/modules/{module}/setups/{setupId}/clients'].post;
    expect(Object.keys(post.responses).sort()).toEqual(['201', '400', '404', '409', '413', '415']);
    expect(post.responses['201'].content).toMatchObject({
      'application/json': { schema: { $ref: '#/components/schemas/CreateClientResponseDto' } },
    });
    for (const status of ['400', '404', '409']) {
      expect(post.responses[status].content).toMatchObject({
        'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } },
      });
    }
  });

  it('documents the eight resource-server endpoints, the scope schema with its policies, and force', () => {
    const base = '/v2/modules/{module}/setups/{setupId}/resource-servers';
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods(base)).toEqual(['get', 'post']);
    expect(methods(`${base}/{resourceServerId}`)).toEqual(['delete', 'get', 'put']);
    expect(methods(`${base}/{resourceServerId}/snapshots`)).toEqual(['get']);
    expect(methods(`${base}/{resourceServerId}/snapshots/{snapshotId}`)).toEqual(['delete', 'get']);
    expect(doc.components.schemas.ResourceServerBodyDto.required).toEqual(['scopes']);
    expect(doc.components.schemas.ScopeDto.properties.policy_authorization_code_flow).toMatchObject({
      enum: ['consent_required', 'consent_persisted', 'no_consent', 'not_allowed'],
    });
    const put = doc.paths[`${base}/{resourceServerId}`].put;
    expect((put.parameters ?? []).map((p) => p.name)).toEqual(
      expect.arrayContaining(['force', 'replaceActiveState', 'If-Match']),
    );
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '409', '412']));
  });
});
