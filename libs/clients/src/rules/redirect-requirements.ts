import { type FieldError, jsonPointer } from '@app/core';
import { type ClientDefinition, type GrantType, REDIRECT_GRANT_TYPES } from '../client-definition';

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * API.md §4: redirect URIs exist for the redirect-based flows only. A client whose grant types in
 * effect include authorization_code or implicit needs at least one; others (client_credentials,
 * device flow, token exchange) may have none. Unknown grant types (left to the setup): not judged yet.
 */
export function redirectUrisRequired(
  def: ClientDefinition,
  grantTypes: readonly GrantType[] | undefined,
): FieldError[] {
  if (!grantTypes || (def.redirect_uris?.length ?? 0) > 0) return [];
  const redirecting = grantTypes.filter((g) => REDIRECT_GRANT_TYPES.includes(g));
  if (redirecting.length === 0) return [];
  return [
    {
      path: '/redirect_uris',
      message: `at least one redirect URI is required for the ${redirecting.join(' and ')} grant type${redirecting.length > 1 ? 's' : ''}`,
    },
  ];
}

/**
 * OpenID Connect Registration §2 (application_type web): a client using the implicit flow receives
 * its tokens in the redirect itself, so it must not register a loopback (localhost) redirect URI.
 */
export function implicitLoopbackRule(
  def: ClientDefinition,
  grantTypes: readonly GrantType[] | undefined,
): FieldError[] {
  if (!grantTypes?.includes('implicit')) return [];
  const errors: FieldError[] = [];
  (def.redirect_uris ?? []).forEach((uri, i) => {
    let host: string;
    try {
      host = new URL(uri).hostname;
    } catch {
      return; // reported by the redirect URI rules
    }
    if (LOOPBACK_HOST.test(host))
      errors.push({
        path: jsonPointer(['redirect_uris', i]),
        message:
          'redirect URI must not be a loopback host (localhost, 127.0.0.1, [::1]) for a client using the implicit grant',
      });
  });
  return errors;
}

/** OAuth 2.0 Multiple Response Type Encoding Practices §5: `none` stands alone. */
export function responseTypeNoneRule(def: ClientDefinition): FieldError[] {
  const types = def.response_types ?? [];
  if (!types.includes('none') || types.length === 1) return [];
  return [{ path: '/response_types', message: 'the response type "none" cannot be combined with others' }];
}
