'use strict';

/** The registry's settings beyond RFC 7591 that a provider can use once listed in `extraClientMetadata.properties`. */
const REGISTRY_CLIENT_METADATA = [
  'pkce_mode',
  'confidentiality_type',
  'access_token_ttl',
  'refresh_token_ttl',
  'id_token_ttl',
  'persisted_consent_ttl',
  'force_reauthentication',
];

const RFC7591_MEMBERS = [
  'client_id',
  'client_id_issued_at',
  'client_secret',
  'client_secret_expires_at',
  'client_name',
  'redirect_uris',
  'grant_types',
  'response_types',
  'token_endpoint_auth_method',
  'scope',
  'contacts',
  'client_uri',
  'logo_uri',
  'tos_uri',
  'policy_uri',
  'jwks',
  'jwks_uri',
  'id_token_signed_response_alg',
  'id_token_encrypted_response_alg',
  'id_token_encrypted_response_enc',
  'require_pushed_authorization_requests',
  // RFC 8705: recognised by the provider when its mTLS feature is on, dropped otherwise.
  'tls_client_auth_subject_dn',
  'tls_client_auth_san_dns',
  'tls_client_auth_san_uri',
  'tls_client_auth_san_ip',
  'tls_client_auth_san_email',
];

/** Grant types node-oidc-provider implements itself; the registry also allows ones it does not (password, ...). */
const PROVIDER_GRANT_TYPES = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:device_code',
];

const RESPONSE_TYPE_ORDER = ['code', 'id_token', 'token'];

/**
 * oidc-provider client metadata from the registry's configuration document: the RFC 7591 members, grant
 * types the provider can serve (`grantTypes` narrows them further), response types spelled the way the
 * provider lists them ("code id_token", whatever order the registry stored), and the registry's settings.
 * The previous secrets stay out: they are checked by `compareClientSecret` (see attach).
 */
function toProviderMetadata(configuration, grantTypes = PROVIDER_GRANT_TYPES) {
  const metadata = {};
  for (const member of [...RFC7591_MEMBERS, ...REGISTRY_CLIENT_METADATA]) {
    if (configuration[member] !== undefined && configuration[member] !== null) metadata[member] = configuration[member];
  }
  if (metadata.client_secret_expires_at === 0) delete metadata.client_secret_expires_at;
  metadata.grant_types = (metadata.grant_types ?? []).filter((g) => grantTypes.includes(g));
  metadata.response_types = (metadata.response_types ?? []).map((type) =>
    type
      .split(' ')
      .sort((a, b) => RESPONSE_TYPE_ORDER.indexOf(a) - RESPONSE_TYPE_ORDER.indexOf(b))
      .join(' '),
  );
  return metadata;
}

module.exports = { toProviderMetadata, REGISTRY_CLIENT_METADATA, PROVIDER_GRANT_TYPES };
