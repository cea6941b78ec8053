import { PROBLEM_STATUS } from '../apps/api/src/http/problem-details.filter';
import { startTestApp, type TestApp } from './support/test-app';

type Example = { value: { status: number; code: string } };

/** Swagger describes the seed's body completely; a person reads it at /docs. */
describe('OpenAPI', () => {
  let t: TestApp;
  let doc: {
    paths: Record<
      string,
      Record<
        string,
        {
          responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
          requestBody?: unknown;
          parameters?: Array<{
            name: string;
            in: string;
            example?: unknown;
            schema?: { type?: string; example?: unknown };
          }>;
          security?: unknown;
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

  it('marks read-only fields and the seed artefacts as such, and the seed key shape as deprecated', () => {
    const { ClientBodyDto, JwksDto, JwkDto } = doc.components.schemas;
    for (const property of [
      ClientBodyDto.properties.inherited,
      ClientBodyDto.properties.notSentGrantType,
      JwksDto.properties.empty,
      JwksDto.properties.additionalMembers,
      JwkDto.properties.keyStore,
      JwkDto.properties.parsedX509CertChain,
    ])
      expect(property).toMatchObject({ readOnly: true });
    for (const member of ['keyType', 'keyID', 'algorithm', 'requiredParams', 'x509CertChain'])
      expect([member, JwkDto.properties[member].deprecated]).toEqual([member, true]);
    for (const member of ['kty', 'kid', 'n', 'e', 'crv', 'x', 'y', 'x5c'])
      expect([member, JwkDto.properties[member].deprecated]).toEqual([member, undefined]);
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

  it('documents the create-client responses with their bodies and headers', () => {
    const post = doc.paths['/v2/modules/{module}/setups/{setupId}/clients'].post;
    expect(Object.keys(post.responses)).toEqual(['201', '400', '401', '403', '404', '409', '413', '415', '429', '503']);
    expect(post.responses['201'].content).toMatchObject({
      'application/json': { schema: { $ref: '#/components/schemas/CreateClientResponseDto' } },
    });
    expect(Object.keys(post.responses['201'].headers ?? {})).toEqual(
      expect.arrayContaining(['Location', 'ETag', 'X-Request-Id']),
    );
    for (const status of ['400', '404', '409']) {
      expect(post.responses[status].content).toMatchObject({
        'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } },
      });
    }
  });

  it('declares every path parameter of every operation, module as the enum oauthv2', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect([method, path, declared]).toEqual([method, path, inPath]);
        const module = (operation.parameters ?? []).find((p) => p.name === 'module');
        if (module) expect(module).toMatchObject({ required: true, schema: { enum: ['oauthv2'], default: 'oauthv2' } });
        // An id pre-filled by Swagger UI would be one that does not exist: the person types the one they got.
        const prefilled = (operation.parameters ?? []).filter(
          (p) => p.in === 'path' && p.name !== 'module' && (p.schema?.example ?? p.example) !== undefined,
        );
        expect([method, path, prefilled]).toEqual([method, path, []]);
      }
    }
  });

  it('gives every query parameter a type', () => {
    const untyped = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) =>
        (operation.parameters ?? [])
          .filter((p) => p.in === 'query' && !p.schema?.type)
          .map((p) => `${method} ${path} ${p.name}`),
      ),
    );
    expect(untyped).toEqual([]);
  });

  it('documents 401 (with WWW-Authenticate) and 403 on every authenticated operation, and no token on health', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (path.startsWith('/health/')) {
          expect([method, path, operation.security]).toEqual([method, path, []]);
          continue;
        }
        if (path === '/metrics') continue;
        expect([method, path, operation.security]).toEqual([method, path, [{ bearer: [] }]]);
        expect([method, path, Object.keys(operation.responses)]).toEqual([
          method,
          path,
          expect.arrayContaining(['401', '403', '429', '503']),
        ]);
        expect(Object.keys(operation.responses['401'].headers ?? {})).toContain('WWW-Authenticate');
        expect(Object.keys(operation.responses['429'].headers ?? {})).toContain('Retry-After');
      }
    }
  });

  it('lists as problem codes exactly the codes of the one status mapping, each example under its own status', () => {
    const code = doc.components.schemas.ProblemDto.properties.code;
    const codes = (code.enum ?? (doc.components.schemas.ProblemCode as unknown as { enum: string[] }).enum) as string[];
    expect([...codes].sort()).toEqual(Object.keys(PROBLEM_STATUS).sort());
    for (const item of Object.values(doc.paths)) {
      for (const operation of Object.values(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const examples = (response.content?.['application/problem+json'] as { examples?: Record<string, Example> })
            ?.examples;
          for (const [name, example] of Object.entries(examples ?? {})) {
            expect([name, example.value.status, example.value.code]).toEqual([name, Number(status), name]);
          }
        }
      }
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
