import { type FieldError, jsonPointer } from '@app/core';
import type { ConfidentialityType } from '../client-definition';

const FORBIDDEN_SCHEMES = new Set(['javascript', 'data', 'file', 'vbscript', 'blob', 'about']);
/** Loopback in canonical form only (the host is compared with its WHATWG serialisation first). */
const LOOPBACK_HOST = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost)$/;
/** RFC 3986 characters only: no spaces, controls or raw non-ASCII that parsers disagree on. */
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
/** The authority as written: what follows `scheme://` up to the path, query or fragment. */
const AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/;
/** `*` and the characters that Unicode normalisation or IDNA turn into one (fullwidth, small, heavy asterisks). */
const WILDCARD = /[*\uFF0A\uFE61\u2217\u204E]/;
export const MAX_REDIRECT_URI_LENGTH = 2048;

/**
 * Why one redirect URI is unacceptable, or null. Follows RFC 6749 §3.1.2, RFC 8252 §7 (native apps)
 * and RFC 9700 §4.1 (exact matching, so no wildcards). The URI is parsed as browsers and authorization
 * servers do (WHATWG URL) and its host must already be in that canonical form, so that what is
 * registered is what is matched: no percent-encoded or alternative spellings of a host or an address.
 */
export function redirectUriProblem(uri: string, confidentiality: ConfidentialityType = 'confidential'): string | null {
  if (uri.length === 0) return 'must not be empty';
  if (uri.length > MAX_REDIRECT_URI_LENGTH) return `must be at most ${MAX_REDIRECT_URI_LENGTH} characters`;
  if (!URI_CHARS.test(uri) || BAD_PERCENT.test(uri))
    return 'must be a URI of RFC 3986 characters (percent-encode spaces and non-ASCII characters)';
  const scheme = SCHEME.exec(uri)?.[1]?.toLowerCase();
  if (!scheme) return 'must be an absolute URI with a scheme, e.g. https://app.example.com/callback';
  if (FORBIDDEN_SCHEMES.has(scheme)) return `must not use the "${scheme}:" scheme`;
  if (uri.includes('#')) return 'must not contain a fragment (#)';
  if (hasWildcard(uri)) return 'must not contain wildcards (*), in any encoding; register every redirect URI exactly';

  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not a valid absolute URI';
  }
  if (scheme === 'https' || scheme === 'http') {
    const authority = AUTHORITY.exec(uri)?.[1];
    if (authority === undefined) return 'must name its host after "//", e.g. https://app.example.com/callback';
    if (authority.includes('@') || url.username || url.password) return 'must not contain user credentials';
    const host = authority.replace(/:\d*$/, '').toLowerCase();
    if (!host || !url.hostname) return 'must name a host';
    if (host !== url.hostname) return `must write its host in canonical form: ${url.hostname}`;
    if (scheme === 'http' && !LOOPBACK_HOST.test(url.hostname)) {
      return 'must use https; http is allowed only on a loopback host (127.0.0.0/8 in dotted form, [::1] or localhost)';
    }
    return null;
  }
  // RFC 8252 §7.1: private-use schemes belong to native apps, which are public clients, and are
  // reverse domain names so that two apps do not claim the same scheme.
  if (!scheme.includes('.'))
    return `uses the scheme "${scheme}:"; use https, loopback http, or a reverse-domain private-use scheme such as com.example.app:/callback`;
  if (confidentiality !== 'public') return 'a private-use scheme is allowed only for public (native) clients';
  return null;
}

/** A `*` as it is, or percent-encoded once or several times (`%2A`, `%252A`), or a look-alike. */
function hasWildcard(uri: string): boolean {
  let text = uri;
  for (let round = 0; round < 4; round++) {
    if (WILDCARD.test(text)) return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      // Percent-encoded bytes that are not UTF-8: decode them one by one.
      decoded = text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
    if (decoded === text) return false;
    text = decoded;
  }
  return true;
}

/** The form two redirect URIs are compared in (WHATWG serialisation), or the URI itself if it does not parse. */
function canonical(uri: string): string {
  try {
    return new URL(uri).href;
  } catch {
    return uri;
  }
}

/** Every problem of a client's redirect_uris, each with the pointer of the offending entry. */
export function redirectUriErrors(uris: readonly string[], confidentiality?: ConfidentialityType): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  uris.forEach((uri, i) => {
    const path = jsonPointer(['redirect_uris', i]);
    const problem = redirectUriProblem(uri, confidentiality);
    if (problem) errors.push({ path, message: `redirect URI ${problem}` });
    else if (seen.has(canonical(uri))) errors.push({ path, message: 'redirect URI is listed twice' });
    seen.add(canonical(uri));
  });
  return errors;
}
