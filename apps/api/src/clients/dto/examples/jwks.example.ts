/** The RSA modulus of the example key (RFC 7517 appendix A.1). */
export const RSA_MODULUS_EXAMPLE =
  '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';

/** A base64 DER certificate (truncated: it illustrates the shape only). */
export const X509_CERT_EXAMPLE =
  'MIIC+DCCAeCgAwIBAgIJBIGjYW6hFpn2MA0GCSqGSIb3DQEBBQUAMCMxITAfBgNVBAMTGGN1c3RvbWVyLWRlbW9zLmF1dGgwLmNvbTAe';

export const RSA_JWK_EXAMPLE = {
  kty: 'RSA',
  kid: 'signing-key-2026',
  use: 'sig',
  alg: 'RS256',
  n: RSA_MODULUS_EXAMPLE,
  e: 'AQAB',
};

export const JWKS_EXAMPLE = { keys: [RSA_JWK_EXAMPLE] };
