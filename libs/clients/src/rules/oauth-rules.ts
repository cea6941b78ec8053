import { type FieldError, jsonPointer } from '@app/core';
import { duplicateMetadataErrors } from '@app/setups';
import type { ClientDefinition, GrantType } from '../client-definition';
import type { ResolvedAuth } from './client-rules';

/**
 * The cross-field rules of the client body (README, Client rules), one plain function each, over a definition whose fields are
 * each well-typed. Each returns the violations it finds (empty when the rule holds); inconsistent
 * values are reported, never corrected.
 */

const RSA_OR_ECDH = /^(RSA|ECDH)/;

/** The response types as sets of parts, so that `code id_token` and `id_token code` are the same. */
function responseParts(responseTypes: readonly string[]): Set<string>[] {
  return responseTypes.map((rt) => new Set(rt.split(' ')));
}

/** RFC 7591 §2.1: `code` ⇔ authorization_code, `token` / `id_token` ⇔ implicit. */
export function grantResponseConsistency(
  def: ClientDefinition,
  grantTypes: readonly GrantType[] | undefined,
): FieldError[] {
  const errors: FieldError[] = [];
  const responseTypes = def.response_types;
  if (responseTypes) {
    const seen = new Map<string, number>();
    responseParts(responseTypes).forEach((parts, i) => {
      const key = [...parts].sort().join(' ');
      if (seen.has(key))
        errors.push({
          path: jsonPointer(['response_types', i]),
          message: `response type "${responseTypes[i]}" repeats "${responseTypes[seen.get(key)!]}" (order does not matter)`,
        });
      else seen.set(key, i);
    });
  }
  // Without explicit grant types the setup's defaults decide; checked once they are known.
  if (!grantTypes) return errors;
  const parts = responseParts(responseTypes ?? (grantTypes.includes('authorization_code') ? ['code'] : []));
  const usesCode = parts.some((p) => p.has('code'));
  const usesImplicit = parts.some((p) => p.has('token') || p.has('id_token'));
  const grantsCode = grantTypes.includes('authorization_code');
  const grantsImplicit = grantTypes.includes('implicit');
  if (usesCode && !grantsCode)
    errors.push({
      path: '/response_types',
      message: 'a response type with "code" needs the authorization_code grant type',
    });
  if (grantsCode && !usesCode)
    errors.push({
      path: '/response_types',
      message: 'the authorization_code grant type needs a response type with "code"',
    });
  if (usesImplicit && !grantsImplicit)
    errors.push({
      path: '/response_types',
      message: 'a response type with "token" or "id_token" needs the implicit grant type',
    });
  if (grantsImplicit && !usesImplicit)
    errors.push({
      path: '/response_types',
      message: 'the implicit grant type needs a response type with "token" or "id_token"',
    });
  return errors;
}

/** A public client authenticates with nothing, a confidential one with something; client_credentials is for confidential clients. */
export function confidentialityRules(auth: ResolvedAuth, grantTypes: readonly GrantType[] | undefined): FieldError[] {
  const errors: FieldError[] = [];
  if (auth.confidentiality === 'public' && auth.method !== 'none') {
    errors.push({
      path: '/token_endpoint_auth_method',
      message: `a public client cannot authenticate at the token endpoint; use "none" (got ${auth.method})`,
    });
  }
  if (auth.confidentiality === 'confidential' && auth.method === 'none') {
    errors.push({
      path: '/token_endpoint_auth_method',
      message: 'a confidential client must authenticate; "none" is for public clients',
    });
  }
  if (auth.confidentiality === 'public' && grantTypes?.includes('client_credentials')) {
    errors.push({ path: '/grant_types', message: 'client_credentials is only for confidential clients' });
  }
  return errors;
}

/** RFC 9700 §2.1.1 / RFC 7636: a public client using the code flow must use PKCE. */
export function pkceRules(
  def: ClientDefinition,
  auth: ResolvedAuth,
  grantTypes: readonly GrantType[] | undefined,
): FieldError[] {
  if (
    auth.confidentiality === 'public' &&
    def.pkce_mode === 'allowed' &&
    (grantTypes ?? []).includes('authorization_code')
  ) {
    return [
      {
        path: '/pkce_mode',
        message: 'a public client using authorization_code must require PKCE (required or s256_required)',
      },
    ];
  }
  return [];
}

/** jwks and jwks_uri are exclusive; key-based authentication and encryption to the client need one. */
export function keyRules(def: ClientDefinition, auth: ResolvedAuth): FieldError[] {
  const errors: FieldError[] = [];
  const hasKeys = (def.jwks !== undefined && def.jwks.keys.length > 0) || def.jwks_uri !== undefined;
  if (def.jwks !== undefined && def.jwks_uri !== undefined) {
    errors.push({ path: '/jwks_uri', message: 'give either jwks or jwks_uri, not both' });
  }
  if ((auth.method === 'private_key_jwt' || auth.method === 'self_signed_tls_client_auth') && !hasKeys) {
    errors.push({
      path: '/token_endpoint_auth_method',
      message: `${auth.method} needs the client's public keys in jwks or jwks_uri`,
    });
  }
  const alg = def.id_token_encrypted_response_alg;
  if (alg && RSA_OR_ECDH.test(alg) && !hasKeys) {
    errors.push({
      path: '/id_token_encrypted_response_alg',
      message: `${alg} encrypts to the client's key: give jwks or jwks_uri`,
    });
  }
  return errors;
}

/** OpenID Connect Registration §2: enc needs alg; alg none goes with no enc. */
export function idTokenEncryptionRules(def: ClientDefinition): FieldError[] {
  const { id_token_encrypted_response_alg: alg, id_token_encrypted_response_enc: enc } = def;
  if (enc !== undefined && enc !== 'none' && (alg === undefined || alg === 'none')) {
    return [
      {
        path: '/id_token_encrypted_response_enc',
        message: 'id_token_encrypted_response_enc needs id_token_encrypted_response_alg',
      },
    ];
  }
  if (alg !== undefined && alg !== 'none' && enc === 'none') {
    return [
      {
        path: '/id_token_encrypted_response_enc',
        message: `"none" cannot go with id_token_encrypted_response_alg ${alg}; leave it out for A128CBC-HS256`,
      },
    ];
  }
  return [];
}

/** A metadata item is identified by its name and locale. */
export function metadataRules(def: ClientDefinition): FieldError[] {
  return duplicateMetadataErrors(def.metadata, ['metadata']);
}
