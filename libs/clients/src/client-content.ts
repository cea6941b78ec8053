import type { ClientDefinition } from './client-definition';
import { normaliseJwk } from './keys/normalise-jwk';
import type { ResolvedAuth } from './rules/client-rules';

/**
 * What a snapshot stores: the definition as the caller gave it, with the OAuth client_id and the
 * auth method fixed (they decide whether a secret exists, so they are not inherited later), keys
 * normalised to RFC 7517, and the documented default of the ID-token encryption.
 */
export function snapshotContent(
  definition: ClientDefinition,
  oauthClientId: string,
  auth: ResolvedAuth,
): ClientDefinition {
  return {
    ...definition,
    client_id: oauthClientId,
    confidentiality_type: auth.confidentiality,
    token_endpoint_auth_method: auth.method,
    ...(definition.jwks ? { jwks: { keys: definition.jwks.keys.map(normaliseJwk) } } : {}),
    // OpenID Connect Registration §2: encryption with an alg and no enc uses A128CBC-HS256.
    ...(definition.id_token_encrypted_response_alg &&
    definition.id_token_encrypted_response_alg !== 'none' &&
    !definition.id_token_encrypted_response_enc
      ? { id_token_encrypted_response_enc: 'A128CBC-HS256' }
      : {}),
  };
}
