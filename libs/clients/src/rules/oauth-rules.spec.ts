import type { ClientDefinition } from '../client-definition';
import { resolveAuth } from './client-rules';
import {
  confidentialityRules,
  grantResponseConsistency,
  idTokenEncryptionRules,
  keyRules,
  metadataRules,
  pkceRules,
} from './oauth-rules';

const base: ClientDefinition = { redirect_uris: ['https://app.example.com/cb'] };
const def = (overrides: Partial<ClientDefinition>): ClientDefinition => ({ ...base, ...overrides });
const paths = (errors: Array<{ path: string }>) => errors.map((e) => e.path);

describe('grantResponseConsistency', () => {
  it.each([
    [['authorization_code'], undefined],
    [['authorization_code'], ['code']],
    [['implicit'], ['token', 'id_token token']],
    [
      ['authorization_code', 'implicit'],
      ['code id_token', 'token'],
    ],
    [['client_credentials'], undefined],
    [['client_credentials'], []],
  ] as const)('accepts grant types %j with response types %j', (grantTypes, responseTypes) => {
    expect(
      grantResponseConsistency(def({ response_types: responseTypes && [...responseTypes] }), [...grantTypes]),
    ).toEqual([]);
  });

  it.each([
    [['client_credentials'], ['code'], /needs the authorization_code grant/],
    [['authorization_code'], ['token'], /needs a response type with "code"/],
    [['authorization_code'], ['code', 'id_token'], /needs the implicit grant/],
    [['implicit'], undefined, /implicit grant type needs a response type/],
    [['authorization_code', 'implicit'], ['code'], /implicit grant type needs/],
  ] as const)(
    'rejects grant types %j with response types %j, never correcting them',
    (grantTypes, responseTypes, message) => {
      const errors = grantResponseConsistency(def({ response_types: responseTypes && [...responseTypes] }), [
        ...grantTypes,
      ]);
      expect(errors).toContainEqual({ path: '/response_types', message: expect.stringMatching(message) });
    },
  );

  it('treats response types as order-insensitive sets', () => {
    expect(
      grantResponseConsistency(def({ response_types: ['code id_token', 'id_token code'] }), [
        'authorization_code',
        'implicit',
      ]),
    ).toEqual([{ path: '/response_types/1', message: expect.stringMatching(/order does not matter/) }]);
  });

  it('leaves the grant-dependent checks for later when the grant types are not known yet', () => {
    expect(grantResponseConsistency(def({ response_types: ['token'] }), undefined)).toEqual([]);
  });
});

describe('confidentialityRules', () => {
  it('accepts a public client with none and a confidential one with a secret', () => {
    expect(confidentialityRules(resolveAuth({ confidentiality_type: 'public' }), ['authorization_code'])).toEqual([]);
    expect(confidentialityRules(resolveAuth({}), ['client_credentials'])).toEqual([]);
  });

  it('rejects a public client that authenticates, and a confidential one that does not', () => {
    expect(
      paths(
        confidentialityRules(
          resolveAuth({ confidentiality_type: 'public', token_endpoint_auth_method: 'client_secret_basic' }),
          undefined,
        ),
      ),
    ).toEqual(['/token_endpoint_auth_method']);
    expect(
      paths(
        confidentialityRules(
          resolveAuth({ confidentiality_type: 'confidential', token_endpoint_auth_method: 'none' }),
          undefined,
        ),
      ),
    ).toEqual(['/token_endpoint_auth_method']);
  });

  it('keeps client_credentials for confidential clients', () => {
    expect(confidentialityRules(resolveAuth({ confidentiality_type: 'public' }), ['client_credentials'])).toEqual([
      { path: '/grant_types', message: 'client_credentials is only for confidential clients' },
    ]);
  });
});

describe('pkceRules', () => {
  const publicAuth = resolveAuth({ confidentiality_type: 'public' });

  it('lets a confidential client merely allow PKCE, and a public one require it', () => {
    expect(pkceRules(def({ pkce_mode: 'allowed' }), resolveAuth({}), ['authorization_code'])).toEqual([]);
    expect(pkceRules(def({ pkce_mode: 's256_required' }), publicAuth, ['authorization_code'])).toEqual([]);
    expect(pkceRules(def({}), publicAuth, ['authorization_code'])).toEqual([]);
  });

  it('refuses a public code-flow client that only allows PKCE', () => {
    expect(paths(pkceRules(def({ pkce_mode: 'allowed' }), publicAuth, ['authorization_code']))).toEqual(['/pkce_mode']);
  });
});

describe('keyRules', () => {
  const jwks = { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB' }] };

  it('accepts key-based authentication with jwks or with jwks_uri', () => {
    expect(
      keyRules(
        def({ token_endpoint_auth_method: 'private_key_jwt', jwks }),
        resolveAuth({ token_endpoint_auth_method: 'private_key_jwt' }),
      ),
    ).toEqual([]);
    expect(
      keyRules(
        def({ token_endpoint_auth_method: 'self_signed_tls_client_auth', jwks_uri: 'https://a.example/jwks' }),
        resolveAuth({ token_endpoint_auth_method: 'self_signed_tls_client_auth' }),
      ),
    ).toEqual([]);
  });

  it('rejects jwks together with jwks_uri', () => {
    expect(paths(keyRules(def({ jwks, jwks_uri: 'https://a.example/jwks' }), resolveAuth({})))).toEqual(['/jwks_uri']);
  });

  it.each(['private_key_jwt', 'self_signed_tls_client_auth'] as const)('rejects %s without keys', (method) => {
    expect(
      paths(keyRules(def({ token_endpoint_auth_method: method }), resolveAuth({ token_endpoint_auth_method: method }))),
    ).toEqual(['/token_endpoint_auth_method']);
  });

  it('needs the client keys for RSA and ECDH ID-token encryption, not for none', () => {
    expect(paths(keyRules(def({ id_token_encrypted_response_alg: 'RSA-OAEP-256' }), resolveAuth({})))).toEqual([
      '/id_token_encrypted_response_alg',
    ]);
    expect(paths(keyRules(def({ id_token_encrypted_response_alg: 'ECDH-ES+A128KW' }), resolveAuth({})))).toEqual([
      '/id_token_encrypted_response_alg',
    ]);
    expect(keyRules(def({ id_token_encrypted_response_alg: 'RSA-OAEP-256', jwks }), resolveAuth({}))).toEqual([]);
    expect(keyRules(def({ id_token_encrypted_response_alg: 'none' }), resolveAuth({}))).toEqual([]);
  });
});

describe('idTokenEncryptionRules', () => {
  it('accepts alg with or without enc (A128CBC-HS256 by default), and neither', () => {
    expect(
      idTokenEncryptionRules(
        def({ id_token_encrypted_response_alg: 'RSA-OAEP', id_token_encrypted_response_enc: 'A256GCM' }),
      ),
    ).toEqual([]);
    expect(idTokenEncryptionRules(def({ id_token_encrypted_response_alg: 'RSA-OAEP' }))).toEqual([]);
    expect(idTokenEncryptionRules(def({}))).toEqual([]);
  });

  it('rejects enc without alg, and enc none with a real alg', () => {
    expect(paths(idTokenEncryptionRules(def({ id_token_encrypted_response_enc: 'A128GCM' })))).toEqual([
      '/id_token_encrypted_response_enc',
    ]);
    expect(
      paths(
        idTokenEncryptionRules(
          def({ id_token_encrypted_response_alg: 'none', id_token_encrypted_response_enc: 'A128GCM' }),
        ),
      ),
    ).toEqual(['/id_token_encrypted_response_enc']);
    expect(
      paths(
        idTokenEncryptionRules(
          def({ id_token_encrypted_response_alg: 'RSA-OAEP', id_token_encrypted_response_enc: 'none' }),
        ),
      ),
    ).toEqual(['/id_token_encrypted_response_enc']);
  });
});

describe('metadataRules', () => {
  it('accepts one name in several locales', () => {
    expect(
      metadataRules(def({ metadata: [{ name: 'd', locale: 'en' }, { name: 'd', locale: 'de' }, { name: 'd' }] })),
    ).toEqual([]);
  });

  it('rejects a name repeated in the same locale', () => {
    expect(
      paths(
        metadataRules(def({ metadata: [{ name: 'd', locale: 'en' }, { name: 'x' }, { name: 'd', locale: 'en' }] })),
      ),
    ).toEqual(['/metadata/2']);
  });
});
