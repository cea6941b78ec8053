import fc from 'fast-check';

// LDH labels; "--" in the third and fourth places is reserved for IDNA (xn--…), and an invalid A-label
// makes the URL itself invalid.
const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => l.slice(2, 4) !== '--');
const host = fc
  .tuple(label, label, fc.constantFrom('com', 'org', 'ch', 'example'))
  .map(([a, b, tld]) => `${a}.${b}.${tld}`);
const path = fc
  .array(fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/), { maxLength: 3 })
  .map((segments) => `/${segments.join('/')}`);
const httpsUri = fc.tuple(host, path).map(([h, p]) => `https://${h}${p}`);
const loopbackUri = fc
  .tuple(fc.constantFrom('127.0.0.1', '[::1]', 'localhost'), fc.integer({ min: 1024, max: 65535 }), path)
  .map(([h, port, p]) => `http://${h}:${port}${p}`);
const scopeToken = fc.stringMatching(/^[a-z][a-z0-9:._-]{0,19}$/);
const email = fc.tuple(label, host).map(([user, h]) => `${user}@${h}`);

/** Grant types, response types and client kind that belong together (RFC 7591 §2.1; README, Client rules). */
const flows = fc.constantFrom(
  { grant_types: ['authorization_code'], response_types: ['code'], publicOk: true },
  { grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], publicOk: true },
  { grant_types: ['implicit'], response_types: ['id_token token', 'token'], publicOk: true },
  { grant_types: ['authorization_code', 'implicit'], response_types: ['code id_token', 'code'], publicOk: true },
  { grant_types: ['client_credentials'], response_types: [], publicOk: false },
  { grant_types: ['urn:ietf:params:oauth:grant-type:device_code'], response_types: [], publicOk: true },
);

/** A create-client body that every rule accepts: the shape a careful administrator sends. */
export const validClientBody = fc
  .record(
    {
      flow: flows,
      publicClient: fc.boolean(),
      redirect_uris: fc.uniqueArray(fc.oneof(httpsUri, loopbackUri), { minLength: 1, maxLength: 5 }),
      scopes: fc.uniqueArray(scopeToken, { maxLength: 6 }),
      contacts: fc.uniqueArray(email, { maxLength: 3 }),
      name: fc.string({ maxLength: 255 }),
      owner: fc.string({ maxLength: 255 }),
      comment: fc.string({ maxLength: 300 }),
      access_token_ttl: fc.integer({ min: 0, max: 315_360_000 }),
      refresh_token_ttl: fc.integer({ min: 0, max: 315_360_000 }),
      metadata: fc.uniqueArray(
        fc.record({
          name: fc.stringMatching(/^[a-z]{1,12}$/),
          value: fc.string({ maxLength: 40 }),
          locale: fc.constantFrom('en', 'de-CH', 'fr'),
        }),
        {
          maxLength: 4,
          selector: (m) => `${m.name}/${m.locale}`,
        },
      ),
      force_reauthentication: fc.boolean(),
      id_token_signed_response_alg: fc.constantFrom('RS256', 'ES256', 'PS256x').filter((a) => a !== 'PS256x'),
    },
    { requiredKeys: ['flow', 'publicClient', 'redirect_uris'] },
  )
  .map(({ flow, publicClient, redirect_uris, ...fields }) => {
    const isPublic = publicClient && flow.publicOk;
    // Implicit-flow clients may not use loopback redirects; they keep an https one.
    const implicit = (flow.grant_types as readonly string[]).includes('implicit');
    const redirects = implicit ? redirect_uris.filter((uri) => uri.startsWith('https:')) : redirect_uris;
    return {
      ...fields,
      redirect_uris: redirects.length ? redirects : ['https://app.example.com/cb'],
      grant_types: flow.grant_types,
      response_types: flow.response_types,
      confidentiality_type: isPublic ? 'public' : 'confidential',
      token_endpoint_auth_method: isPublic ? 'none' : 'client_secret_basic',
      ...(isPublic ? { pkce_mode: 's256_required' } : {}),
    } as Record<string, unknown>;
  });

/** One field made invalid, with the pointer the answer must name. */
export const brokenField = fc.constantFrom(
  { field: 'redirect_uris', value: ['http://app.example.com/cb'], pointer: '/redirect_uris/0' },
  { field: 'redirect_uris', value: ['https://app.example.com/cb#fragment'], pointer: '/redirect_uris/0' },
  { field: 'grant_types', value: ['magic'], pointer: '/grant_types' },
  { field: 'confidentiality_type', value: 'secretive', pointer: '/confidentiality_type' },
  { field: 'token_endpoint_auth_method', value: 'password', pointer: '/token_endpoint_auth_method' },
  { field: 'access_token_ttl', value: -1, pointer: '/access_token_ttl' },
  { field: 'refresh_token_ttl', value: 315_360_001, pointer: '/refresh_token_ttl' },
  { field: 'name', value: 'x'.repeat(256), pointer: '/name' },
  { field: 'client_uri', value: 'ftp://files.example.com', pointer: '/client_uri' },
  { field: 'contacts', value: ['not an address'], pointer: '/contacts' },
  { field: 'scopes', value: ['two words'], pointer: '/scopes' },
  { field: 'pkce_mode', value: 'sometimes', pointer: '/pkce_mode' },
  { field: 'metadata', value: [{ value: 'no name' }], pointer: '/metadata/0/name' },
  { field: 'valid_from', value: '2026-02-30T00:00:00Z', pointer: '/valid_from' },
  { field: 'id_token_signed_response_alg', value: 'HS256', pointer: '/id_token_signed_response_alg' },
  { field: 'client_secret', value: 'short', pointer: '/client_secret' },
  { field: 'jwks', value: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }, pointer: '/jwks/keys/0/k' },
  { field: 'unexpected', value: true, pointer: '/unexpected' },
);
