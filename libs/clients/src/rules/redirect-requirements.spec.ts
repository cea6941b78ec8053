import { clientDefinitionErrors } from './client-rules';
import { implicitLoopbackRule, redirectUrisRequired, responseTypeNoneRule } from './redirect-requirements';

describe('redirectUrisRequired', () => {
  it.each([[['authorization_code']], [['implicit']], [['client_credentials', 'authorization_code']]])(
    'requires a redirect URI for %j',
    (grantTypes) => {
      expect(redirectUrisRequired({}, grantTypes as never)).toEqual([
        { path: '/redirect_uris', message: expect.stringContaining('required') },
      ]);
      expect(redirectUrisRequired({ redirect_uris: [] }, grantTypes as never)).toHaveLength(1);
    },
  );

  it.each([
    [['client_credentials']],
    [['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token']],
    [['urn:ietf:params:oauth:grant-type:token-exchange']],
  ])('needs none for %j', (grantTypes) => {
    expect(redirectUrisRequired({}, grantTypes as never)).toEqual([]);
  });

  it('leaves the decision to the handler while the grant types are unknown', () => {
    expect(redirectUrisRequired({}, undefined)).toEqual([]);
  });

  it('accepts a machine-to-machine client without redirect URIs end to end', () => {
    expect(clientDefinitionErrors({ grant_types: ['client_credentials'], response_types: [] }, undefined)).toEqual([]);
  });
});

describe('implicitLoopbackRule', () => {
  it.each(['http://localhost:8080/cb', 'http://127.0.0.1/cb', 'https://[::1]/cb', 'https://LOCALHOST/cb'])(
    'refuses %s for an implicit client',
    (uri) => {
      expect(implicitLoopbackRule({ redirect_uris: ['https://app.example.com/cb', uri] }, ['implicit'])).toEqual([
        { path: '/redirect_uris/1', message: expect.stringContaining('loopback') },
      ]);
    },
  );

  it('leaves loopback to code-flow clients', () => {
    expect(implicitLoopbackRule({ redirect_uris: ['http://127.0.0.1:5000/cb'] }, ['authorization_code'])).toEqual([]);
  });
});

describe('response type none', () => {
  it('is accepted alone with a grant type that needs no authorization response', () => {
    const def = { grant_types: ['client_credentials' as const], response_types: ['none'] };
    expect(clientDefinitionErrors(def, undefined)).toEqual([]);
  });

  it('is refused with other response types', () => {
    expect(responseTypeNoneRule({ response_types: ['none', 'code'] })).toEqual([
      { path: '/response_types', message: expect.stringContaining('none') },
    ]);
  });

  it('does not satisfy authorization_code', () => {
    const def = { redirect_uris: ['https://a.example/cb'], response_types: ['none'] };
    expect(clientDefinitionErrors(def, undefined, { grantTypes: ['authorization_code'] }).map((e) => e.path)).toEqual([
      '/response_types',
    ]);
  });
});
