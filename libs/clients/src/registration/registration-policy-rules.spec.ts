import { resolveAuth } from '../rules/client-rules';
import type { ClientDefinition } from '../client-definition';
import { hostMatches, registrationPolicyErrors } from './registration-policy-rules';
import type { RegistrationPolicy } from '@app/setups';

const check = (policy: RegistrationPolicy, def: ClientDefinition) =>
  registrationPolicyErrors(policy, def, def.grant_types ?? ['authorization_code'], resolveAuth(def));

describe('registrationPolicyErrors', () => {
  const native = { redirect_uris: ['http://127.0.0.1:50123/cb'], token_endpoint_auth_method: 'none' as const };

  it('does not restrict without limits', () => {
    expect(check({}, { ...native, scopes: ['anything'] })).toEqual([]);
  });

  it('names each grant type outside the allowed ones', () => {
    expect(
      check(
        { allowed_grant_types: ['authorization_code'] },
        { ...native, grant_types: ['authorization_code', 'password'] },
      ),
    ).toEqual([{ path: '/grant_types/1', message: expect.stringContaining('password') }]);
  });

  it('refuses an auth method outside the allowed ones', () => {
    expect(check({ allowed_token_endpoint_auth_methods: ['private_key_jwt'] }, native)).toEqual([
      { path: '/token_endpoint_auth_method', message: expect.stringContaining('none is not allowed') },
    ]);
  });

  it('judges redirect URIs by kind', () => {
    const def = {
      redirect_uris: [
        'http://localhost:1234/cb',
        'https://app.example.com/cb',
        'https://evil.example.org/cb',
        'com.example.app:/cb',
      ],
    };
    const policy = {
      allowed_redirect_uris: { https_hosts: ['*.example.com'], loopback: false, private_use_schemes: 'none' as const },
    };
    expect(check(policy, def).map((e) => e.path)).toEqual(['/redirect_uris/0', '/redirect_uris/2', '/redirect_uris/3']);
  });

  it('names each scope outside the allowed ones', () => {
    expect(check({ allowed_scopes: ['openid'] }, { ...native, scopes: ['openid', 'admin'] })).toEqual([
      { path: '/scopes/1', message: expect.stringContaining('admin') },
    ]);
  });
});

describe('hostMatches', () => {
  it.each([
    ['app.example.com', 'app.example.com', true],
    ['APP.example.com', 'app.example.com', true],
    ['a.b.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['badexample.com', '*.example.com', false],
    ['app.example.com.evil.org', 'app.example.com', false],
  ])('%s against %s: %s', (host, pattern, expected) => {
    expect(hostMatches(host, pattern)).toBe(expected);
  });
});
