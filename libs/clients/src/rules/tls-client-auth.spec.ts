import type { ClientDefinition } from '../client-definition';
import { resolveAuth } from './client-rules';
import { tlsClientAuthRules } from './tls-client-auth';

const mtls = (def: Partial<ClientDefinition>) =>
  tlsClientAuthRules(
    { token_endpoint_auth_method: 'tls_client_auth', ...def },
    resolveAuth({ token_endpoint_auth_method: 'tls_client_auth', ...def }),
  );

describe('tlsClientAuthRules (RFC 8705 §2.1.2)', () => {
  it.each([
    ['tls_client_auth_subject_dn', 'CN=payments,O=Example Bank,C=CH'],
    ['tls_client_auth_subject_dn', 'CN=a\\,b+UID=42,2.5.4.10=Example'],
    ['tls_client_auth_san_dns', 'payments.example.com'],
    ['tls_client_auth_san_uri', 'spiffe://example.com/payments'],
    ['tls_client_auth_san_ip', '192.0.2.10'],
    ['tls_client_auth_san_ip', '2001:db8::10'],
    ['tls_client_auth_san_email', 'payments@example.com'],
  ])('accepts %s = %s alone', (member, value) => {
    expect(mtls({ [member]: value })).toEqual([]);
  });

  it.each([
    ['tls_client_auth_subject_dn', 'payments'],
    ['tls_client_auth_subject_dn', '=x'],
    ['tls_client_auth_san_dns', 'pay ments.example.com'],
    ['tls_client_auth_san_dns', '-bad.example.com'],
    ['tls_client_auth_san_uri', 'not a uri'],
    ['tls_client_auth_san_ip', '192.0.2.300'],
    ['tls_client_auth_san_email', 'payments.example.com'],
  ])('refuses %s = %j, naming the member', (member, value) => {
    expect(mtls({ [member]: value })).toEqual([{ path: `/${member}`, message: expect.stringContaining(member) }]);
  });

  it('needs one of the five members', () => {
    expect(mtls({})).toEqual([
      { path: '/token_endpoint_auth_method', message: expect.stringContaining('exactly one') },
    ]);
  });

  it('refuses a second member', () => {
    expect(mtls({ tls_client_auth_san_dns: 'a.example.com', tls_client_auth_san_ip: '192.0.2.1' })).toEqual([
      { path: '/tls_client_auth_san_ip', message: expect.stringContaining('exactly one') },
    ]);
  });

  it('refuses the members for another auth method', () => {
    const def = { tls_client_auth_san_dns: 'a.example.com' };
    expect(tlsClientAuthRules(def, resolveAuth({}))).toEqual([
      { path: '/tls_client_auth_san_dns', message: expect.stringContaining('client_secret_basic') },
    ]);
  });
});
