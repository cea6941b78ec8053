import { type FieldError, jsonPointer } from '@app/core';
import type { RegistrationPolicy } from '@app/setups';
import type { ClientDefinition, GrantType } from '../client-definition';
import type { ResolvedAuth } from '../rules/client-rules';

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * What a self-registered client may ask for under its setup's registration policy (Keycloak's
 * client registration policies, as plain limits). Pointers use the V2 names; the registration
 * endpoint renames them. An absent limit does not restrict.
 */
export function registrationPolicyErrors(
  policy: RegistrationPolicy,
  def: ClientDefinition,
  grantTypes: readonly GrantType[],
  auth: ResolvedAuth,
): FieldError[] {
  return [
    ...allowedGrantTypeErrors(policy, def, grantTypes),
    ...allowedAuthMethodErrors(policy, auth),
    ...allowedRedirectUriErrors(policy, def),
    ...allowedScopeErrors(policy, def),
  ];
}

function allowedGrantTypeErrors(
  policy: RegistrationPolicy,
  def: ClientDefinition,
  grantTypes: readonly GrantType[],
): FieldError[] {
  const allowed = policy.allowed_grant_types;
  if (!allowed) return [];
  return grantTypes.flatMap((grant, i) =>
    allowed.includes(grant)
      ? []
      : [
          {
            path: def.grant_types ? jsonPointer(['grant_types', i]) : '/grant_types',
            message: `the grant type ${grant} is not allowed for self-registered clients of this setup (allowed: ${allowed.join(', ') || 'none'})`,
          },
        ],
  );
}

function allowedAuthMethodErrors(policy: RegistrationPolicy, auth: ResolvedAuth): FieldError[] {
  const allowed = policy.allowed_token_endpoint_auth_methods;
  if (!allowed || allowed.includes(auth.method)) return [];
  return [
    {
      path: '/token_endpoint_auth_method',
      message: `${auth.method} is not allowed for self-registered clients of this setup (allowed: ${allowed.join(', ') || 'none'})`,
    },
  ];
}

/** Each redirect URI by its kind: loopback (RFC 8252 §7.3, any port), https on an allowed host, or a private-use scheme. */
function allowedRedirectUriErrors(policy: RegistrationPolicy, def: ClientDefinition): FieldError[] {
  const limits = policy.allowed_redirect_uris ?? {};
  const errors: FieldError[] = [];
  (def.redirect_uris ?? []).forEach((uri, i) => {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return; // reported by the client rules
    }
    const problem = redirectKindProblem(url, limits);
    if (problem) errors.push({ path: jsonPointer(['redirect_uris', i]), message: `redirect URI ${problem}` });
  });
  return errors;
}

function redirectKindProblem(
  url: URL,
  limits: NonNullable<RegistrationPolicy['allowed_redirect_uris']>,
): string | null {
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if ((scheme === 'http' || scheme === 'https') && LOOPBACK_HOST.test(url.hostname))
    return limits.loopback === false ? 'on a loopback host is not allowed for self-registered clients' : null;
  if (scheme === 'https') {
    const hosts = limits.https_hosts;
    if (!hosts || hosts.some((pattern) => hostMatches(url.hostname, pattern))) return null;
    return `host ${url.hostname} is not allowed for self-registered clients (allowed: ${hosts.join(', ') || 'none'})`;
  }
  if (scheme === 'http') return null; // refused by the client rules
  return limits.private_use_schemes === 'none'
    ? 'with a private-use scheme is not allowed for self-registered clients of this setup'
    : null;
}

/** `app.example.com` matches itself; `*.example.com` matches any subdomain of example.com, not example.com. */
export function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase();
  const p = pattern.toLowerCase();
  return p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p;
}

function allowedScopeErrors(policy: RegistrationPolicy, def: ClientDefinition): FieldError[] {
  const allowed = policy.allowed_scopes;
  if (!allowed) return [];
  return (def.scopes ?? []).flatMap((scope, i) =>
    allowed.includes(scope)
      ? []
      : [
          {
            path: jsonPointer(['scopes', i]),
            message: `the scope ${scope} is not allowed for self-registered clients of this setup`,
          },
        ],
  );
}
