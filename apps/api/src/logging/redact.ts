/**
 * Names of fields whose values never reach a log line: credentials in headers, and any secret or token
 * in a body or an error (client_secret, previous_client_secret, access_token, API tokens, ...).
 * Settings that merely mention tokens (`access_token_lifetime`, `token_endpoint_auth_method`) stay.
 */
const SECRET_NAME =
  /^(authorization|proxy-authorization|cookie|set-cookie|password|passphrase|x-api-key)$|secrets?$|tokens?$/i;

export const REDACTED = '[REDACTED]';

/**
 * A copy of `value` with every secret-named field, at any depth of plain objects and arrays, replaced
 * by [REDACTED]. Other objects (errors) are left to their serializers, which redact in turn.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  // Plain objects only (their prototype is Object.prototype, from whichever realm, or null).
  const proto = Object.getPrototypeOf(value);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    copy[key] = SECRET_NAME.test(key) ? REDACTED : redactSecrets(item, depth + 1);
  return copy;
}

/** The URL with the values of secret-named query parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const key of new Set(params.keys())) {
    if (SECRET_NAME.test(key)) {
      params.set(key, REDACTED);
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url;
}
