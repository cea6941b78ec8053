import { isIP } from 'node:net';
import type { FieldError } from '@app/core';
import {
  type ClientDefinition,
  TLS_CLIENT_AUTH_SUBJECT_MEMBERS,
  type TlsClientAuthSubjectMember,
} from '../client-definition';
import type { ResolvedAuth } from './client-rules';

const ATTRIBUTE_TYPE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)$/;
const DNS_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[^@\s]+$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * RFC 8705 §2.1.2: a tls_client_auth client names its certificate's subject with exactly one of the
 * five members; the other methods take none of them. Each member is checked for its own type.
 */
export function tlsClientAuthRules(def: ClientDefinition, auth: ResolvedAuth): FieldError[] {
  const given = TLS_CLIENT_AUTH_SUBJECT_MEMBERS.filter((member) => def[member] !== undefined);
  const errors: FieldError[] = [];
  if (auth.method === 'tls_client_auth') {
    if (given.length === 0)
      errors.push({
        path: '/token_endpoint_auth_method',
        message: `tls_client_auth needs exactly one of ${TLS_CLIENT_AUTH_SUBJECT_MEMBERS.join(', ')} (RFC 8705 §2.1.2)`,
      });
    for (const member of given.slice(1))
      errors.push({
        path: `/${member}`,
        message: `give exactly one certificate subject member; ${given[0]} is already set (RFC 8705 §2.1.2)`,
      });
  } else {
    for (const member of given)
      errors.push({
        path: `/${member}`,
        message: `${member} is only for token_endpoint_auth_method tls_client_auth (it is ${auth.method})`,
      });
  }
  for (const member of given) {
    const problem = subjectProblem(member, def[member]!);
    if (problem) errors.push({ path: `/${member}`, message: `${member} ${problem}` });
  }
  return errors;
}

function subjectProblem(member: TlsClientAuthSubjectMember, value: string): string | null {
  switch (member) {
    case 'tls_client_auth_subject_dn':
      return isDistinguishedName(value)
        ? null
        : 'must be a distinguished name in RFC 4514 form, e.g. CN=client,O=Example';
    case 'tls_client_auth_san_dns':
      return isDnsName(value) ? null : 'must be a DNS name, e.g. client.example.com';
    case 'tls_client_auth_san_uri':
      return isAbsoluteUri(value) ? null : 'must be an absolute URI, e.g. spiffe://example.com/client';
    case 'tls_client_auth_san_ip':
      return isIP(value) !== 0 ? null : 'must be an IPv4 or IPv6 address, e.g. 192.0.2.10 or 2001:db8::10';
    case 'tls_client_auth_san_email':
      return EMAIL.test(value) && isDnsName(value.slice(value.lastIndexOf('@') + 1))
        ? null
        : 'must be an e-mail address';
  }
}

/** RFC 4514: relative distinguished names separated by unescaped commas, each `type=value` (`+` joins several). */
function isDistinguishedName(value: string): boolean {
  if (value.trim().length === 0) return false;
  return value
    .split(/(?<!\\),/)
    .flatMap((rdn) => rdn.split(/(?<!\\)\+/))
    .every((pair) => {
      const eq = pair.indexOf('=');
      return eq > 0 && ATTRIBUTE_TYPE.test(pair.slice(0, eq).trim()) && pair.slice(eq + 1).trim().length > 0;
    });
}

function isDnsName(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => DNS_LABEL.test(label));
}

function isAbsoluteUri(value: string): boolean {
  if (!SCHEME.test(value) || /[\s<>"{}|\\^`]/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
