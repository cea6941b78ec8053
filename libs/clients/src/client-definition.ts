import type { MetadataItem } from '@app/setups';

export const GRANT_TYPES = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'client_credentials',
  'password',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:token-exchange',
] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export const CONFIDENTIALITY_TYPES = ['public', 'confidential'] as const;
export type ConfidentialityType = (typeof CONFIDENTIALITY_TYPES)[number];

export const TOKEN_ENDPOINT_AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'tls_client_auth',
  'self_signed_tls_client_auth',
  'none',
] as const;
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

/** The auth methods in which the client proves itself with a shared secret. */
export const SECRET_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
];

/** RFC 8705 §2.1.2: how a tls_client_auth client's certificate is recognised; exactly one is given. */
export const TLS_CLIENT_AUTH_SUBJECT_MEMBERS = [
  'tls_client_auth_subject_dn',
  'tls_client_auth_san_dns',
  'tls_client_auth_san_uri',
  'tls_client_auth_san_ip',
  'tls_client_auth_san_email',
] as const;
export type TlsClientAuthSubjectMember = (typeof TLS_CLIENT_AUTH_SUBJECT_MEMBERS)[number];

/** The grant types that send the user agent back to a redirect URI. */
export const REDIRECT_GRANT_TYPES: readonly string[] = ['authorization_code', 'implicit'];

export const PKCE_MODES = ['allowed', 'required', 's256_required'] as const;
export type PkceMode = (typeof PKCE_MODES)[number];

export const ID_TOKEN_SIGNING_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES256K', 'ES384', 'ES512'] as const;
export const ID_TOKEN_ENCRYPTION_ALGS = [
  'RSA1_5',
  'RSA-OAEP',
  'RSA-OAEP-256',
  'RSA-OAEP-384',
  'RSA-OAEP-512',
  'ECDH-ES',
  'ECDH-ES+A128KW',
  'ECDH-ES+A192KW',
  'ECDH-ES+A256KW',
  'none',
] as const;
export const ID_TOKEN_ENCRYPTION_ENCS = [
  'A128CBC-HS256',
  'A192CBC-HS384',
  'A256CBC-HS512',
  'A128GCM',
  'A192GCM',
  'A256GCM',
  'none',
] as const;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [member: string]: JsonValue };

/** A public JSON Web Key as RFC 7517 defines it, after normalisation. */
export type Jwk = { [member: string]: JsonValue } & { kty: string; kid?: string };

/**
 * The complete configuration of a client, as one snapshot stores it (snake_case, like the API).
 * The secret is not part of it: it lives encrypted on the client row.
 */
export interface ClientDefinition {
  /** Required only when the grant types in effect include a redirect-based flow (see redirectUrisRequired). */
  redirect_uris?: string[];
  grant_types?: GrantType[];
  response_types?: string[];
  scopes?: string[];
  contacts?: string[];
  metadata?: MetadataItem[];
  jwks?: { keys: Jwk[] };
  jwks_uri?: string;
  name?: string;
  owner?: string;
  comment?: string;
  client_id?: string;
  client_uri?: string;
  logo_uri?: string;
  tos_uri?: string;
  policy_uri?: string;
  confidentiality_type?: ConfidentialityType;
  token_endpoint_auth_method?: TokenEndpointAuthMethod;
  pkce_mode?: PkceMode;
  force_reauthentication?: boolean;
  require_pushed_authorization_requests?: boolean;
  access_token_ttl?: number;
  refresh_token_ttl?: number;
  id_token_ttl?: number;
  persisted_consent_ttl?: number;
  id_token_signed_response_alg?: string;
  id_token_encrypted_response_alg?: string;
  id_token_encrypted_response_enc?: string;
  /** RFC 8705 §2.1.2: the certificate subject of a tls_client_auth client, exactly one of these. */
  tls_client_auth_subject_dn?: string;
  tls_client_auth_san_dns?: string;
  tls_client_auth_san_uri?: string;
  tls_client_auth_san_ip?: string;
  tls_client_auth_san_email?: string;
  /**
   * Only in request bodies, never stored: the fields a read listed as inherited (see
   * withoutUnchangedInherited), so that a read sent back unchanged keeps inheriting.
   */
  inherited?: string[];
}
