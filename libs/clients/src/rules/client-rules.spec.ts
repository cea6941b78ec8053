import { clientDefinitionErrors, resolveAuth } from './client-rules';

describe('resolveAuth', () => {
  it('defaults to a confidential client with client_secret_basic', () => {
    expect(resolveAuth({})).toEqual({
      confidentiality: 'confidential',
      method: 'client_secret_basic',
      needsSecret: true,
    });
  });

  it('defaults a public client to no authentication and no secret', () => {
    expect(resolveAuth({ confidentiality_type: 'public' })).toEqual({
      confidentiality: 'public',
      method: 'none',
      needsSecret: false,
    });
  });

  it('needs no secret for private_key_jwt', () => {
    expect(resolveAuth({ token_endpoint_auth_method: 'private_key_jwt' }).needsSecret).toBe(false);
  });
});

describe('clientDefinitionErrors', () => {
  const valid = { redirect_uris: ['https://app.example.com/cb'] };

  it('accepts a minimal valid definition', () => {
    expect(clientDefinitionErrors(valid, undefined)).toEqual([]);
  });

  it('refuses a secret for a method that uses none', () => {
    expect(
      clientDefinitionErrors(
        { ...valid, token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://app.example.com/jwks' },
        'x'.repeat(40),
      ),
    ).toEqual([{ path: '/client_secret', message: expect.stringMatching(/private_key_jwt/) }]);
  });

  it('reports redirect URI and secret problems together', () => {
    const sut = clientDefinitionErrors(
      { redirect_uris: ['http://evil.example/cb'], confidentiality_type: 'public' },
      'x'.repeat(40),
    );
    expect(sut.map((e) => e.path)).toEqual(['/redirect_uris/0', '/client_secret']);
  });
});
