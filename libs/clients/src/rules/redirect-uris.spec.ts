import { redirectUriErrors, redirectUriProblem } from './redirect-uris';

describe('redirectUriProblem', () => {
  it.each([
    ['https://app.example.com/callback', 'confidential'],
    ['https://app.example.com:8443/cb?tenant=a', 'confidential'],
    ['http://127.0.0.1:8080/cb', 'confidential'],
    ['http://[::1]/cb', 'public'],
    ['http://localhost:3000/cb', 'public'],
    ['http://127.0.0.2/cb', 'public'],
    ['http://127.255.10.1:9000/cb', 'confidential'],
    ['https://APP.Example.com/cb', 'confidential'],
    ['https://app.example.com/a%20b', 'confidential'],
    ['com.example.app:/oauth2redirect', 'public'],
  ] as const)('accepts %s for a %s client', (uri, confidentiality) => {
    expect(redirectUriProblem(uri, confidentiality)).toBeNull();
  });

  it.each([
    ['/relative/callback', /absolute URI/],
    ['https://app.example.com/cb#frag', /fragment/],
    ['javascript:alert(1)', /javascript/],
    ['data:text/html,hi', /"data:"/],
    ['file:///etc/passwd', /"file:"/],
    ['vbscript:msgbox', /vbscript/],
    ['blob:https://app.example.com/x', /blob/],
    ['about:blank', /about/],
    ['http://app.example.com/cb', /loopback/],
    ['http://128.0.0.1/cb', /loopback/],
    ['http://0x7f000001/cb', /canonical form: 127\.0\.0\.1/],
    ['http://127.1/cb', /canonical form: 127\.0\.0\.1/],
    ['http://2130706433/cb', /canonical form: 127\.0\.0\.1/],
    ['http://0177.0.0.1/cb', /canonical form/],
    ['http://127.000.000.001/cb', /canonical form/],
    ['http://[0:0:0:0:0:0:0:1]/cb', /canonical form: \[::1\]/],
    ['http://[::ffff:127.0.0.1]/cb', /canonical form|loopback/],
    ['http://localhost.example.com/cb', /loopback/],
    ['https://%2A.example.com/cb', /wildcards/],
    ['https://%2a.example.com/cb', /wildcards/],
    ['https://app.example.com/%2A', /wildcards/],
    ['https://app.example.com/%252A', /wildcards/],
    ['https://app.example.com/%EF%BC%8A', /wildcards/],
    ['https://%65xample.com/cb', /canonical form: example\.com/],
    ['https:///cb', /host/],
    ['https:cb.example.com/x', /host/],
    ['https://:443/cb', /host|valid absolute URI/],
    ['https://@app.example.com/cb', /credentials/],
    ['https://*.example.com/cb', /wildcards/],
    ['https://app.example.com/*', /wildcards/],
    ['https://app.example.com/a b', /RFC 3986/],
    ['https://app.example.com/%zz', /RFC 3986/],
    ['https://user:pw@app.example.com/cb', /credentials/],
    ['myapp:/cb', /reverse-domain/],
  ])('rejects %s', (uri, message) => {
    expect(redirectUriProblem(uri, 'public')).toMatch(message);
  });

  it('allows a private-use scheme only for public clients', () => {
    expect(redirectUriProblem('com.example.app:/cb', 'confidential')).toMatch(/only for public/);
  });
});

describe('redirectUriErrors', () => {
  it('points at every offending entry, duplicates included', () => {
    const sut = redirectUriErrors(['https://a.example/cb', 'http://evil.example/cb', 'https://a.example/cb']);
    expect(sut).toEqual([
      { path: '/redirect_uris/1', message: expect.stringMatching(/https/) },
      { path: '/redirect_uris/2', message: 'redirect URI is listed twice' },
    ]);
  });

  it('compares entries in canonical form', () => {
    expect(redirectUriErrors(['https://a.example/cb', 'HTTPS://a.example:443/cb'])).toEqual([
      { path: '/redirect_uris/1', message: 'redirect URI is listed twice' },
    ]);
  });

  it('returns nothing for a valid list', () => {
    expect(redirectUriErrors(['https://a.example/cb', 'https://a.example/cb2'])).toEqual([]);
  });
});
