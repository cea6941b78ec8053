let sequence = 0;

/** A valid create-client body with sensible defaults; override what the test is about. */
export function clientBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    name: `client ${sequence}`,
    redirect_uris: [`https://app${sequence}.example.com/callback`],
    ...overrides,
  };
}

/** A 2048-bit RSA public key (RFC 7517 appendix A.1), usable in jwks. */
export const RSA_PUBLIC_JWK = {
  kty: 'RSA',
  kid: '2011-04-29',
  use: 'sig',
  alg: 'RS256',
  n: [
    '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWK',
    'RXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMic',
    'AtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3',
    'XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  ].join(''),
  e: 'AQAB',
};

/** The same key in the shape of the original documentation (a serialised Java JWK object). */
export const SEED_SHAPED_JWK = {
  keyType: { value: 'RSA', requirement: 'REQUIRED' },
  keyUse: { value: 'sig' },
  keyID: '2011-04-29',
  algorithm: { name: 'RS256', requirement: 'RECOMMENDED' },
  keyOperations: ['verify'],
  requiredParams: { kty: 'RSA', n: RSA_PUBLIC_JWK.n, e: 'AQAB' },
  private: false,
  keyStore: { type: 'PKCS12', provider: { name: 'SUN' } },
  parsedX509CertChain: [],
};

/** Every field of the seed documentation's body, valid together. */
export function fullSeedBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    redirect_uris: ['https://bank.example.com/callback', 'http://127.0.0.1:8080/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'accounts:read'],
    response_types: ['code'],
    contacts: ['security@example.com'],
    metadata: [
      { name: 'department', value: 'Retail', locale: 'en' },
      { name: 'department', value: 'Privatkunden', locale: 'de-CH' },
    ],
    jwks: { keys: [SEED_SHAPED_JWK], empty: false, additionalMembers: {} },
    name: 'Online banking',
    owner: 'team-retail',
    comment: 'Customer-facing web application.',
    notSentGrantType: false,
    client_id: 'online-banking-web',
    client_secret: 'a-client-secret-of-at-least-32-chars!!',
    client_uri: 'https://bank.example.com',
    confidentiality_type: 'confidential',
    pkce_mode: 's256_required',
    force_reauthentication: false,
    access_token_ttl: 300,
    refresh_token_ttl: 86400,
    id_token_ttl: 300,
    persisted_consent_ttl: 31536000,
    logo_uri: 'https://bank.example.com/logo.png',
    tos_uri: 'https://bank.example.com/terms',
    policy_uri: 'https://bank.example.com/privacy',
    token_endpoint_auth_method: 'client_secret_basic',
    require_pushed_authorization_requests: true,
    id_token_signed_response_alg: 'RS256',
    id_token_encrypted_response_alg: 'RSA-OAEP-256',
    id_token_encrypted_response_enc: 'A128CBC-HS256',
    ...overrides,
  };
}
