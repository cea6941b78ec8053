import { REDACTED, redactSecrets, redactUrl } from './redact';

describe('redactSecrets', () => {
  it('replaces credentials and every secret or token field, at any depth, and keeps the rest', () => {
    const sut = redactSecrets({
      headers: { authorization: 'Bearer abc', Cookie: 'sid=1', 'content-type': 'application/json' },
      body: {
        client_secret: 's3cret',
        previous_client_secret: 'old',
        access_token_lifetime: 3600,
        token_endpoint_auth_method: 'client_secret_basic',
        jwks: { keys: [{ kty: 'RSA', n: 'abc' }] },
        nested: [{ registration_access_token: 'tok' }, { apiToken: 'tok2', tokens: ['a'] }],
      },
    });
    expect(sut).toEqual({
      headers: { authorization: REDACTED, Cookie: REDACTED, 'content-type': 'application/json' },
      body: {
        client_secret: REDACTED,
        previous_client_secret: REDACTED,
        access_token_lifetime: 3600,
        token_endpoint_auth_method: 'client_secret_basic',
        jwks: { keys: [{ kty: 'RSA', n: 'abc' }] },
        nested: [{ registration_access_token: REDACTED }, { apiToken: REDACTED, tokens: REDACTED }],
      },
    });
  });

  it('leaves errors and other class instances to their serializers, and does not touch its input', () => {
    const error = Object.assign(new Error('boom'), { client_secret: 'x' });
    const input = { err: error, client_secret: 'y' };
    expect(redactSecrets(input)).toEqual({ err: error, client_secret: REDACTED });
    expect(input.client_secret).toBe('y');
  });
});

describe('redactUrl', () => {
  it('replaces the values of secret-named query parameters only', () => {
    expect(redactUrl('/v2/x?name=a&client_secret=s3cret&token=t')).toBe(
      '/v2/x?name=a&client_secret=%5BREDACTED%5D&token=%5BREDACTED%5D',
    );
    expect(redactUrl('/v2/x?name=a')).toBe('/v2/x?name=a');
    expect(redactUrl('/v2/x')).toBe('/v2/x');
  });
});
