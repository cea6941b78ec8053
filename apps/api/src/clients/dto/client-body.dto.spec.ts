import { ValidationFailedError } from '@app/core';
import { fullSeedBody, RSA_PUBLIC_JWK } from '../../../../../test/factories/client.factory';
import { RequestValidationPipe } from '../../http/validation.pipe';
import { ClientBodyDto } from './client-body.dto';

const sut = new RequestValidationPipe();
const validate = (body: unknown) => sut.transform(body, { type: 'body', metatype: ClientBodyDto });

async function errorsOf(body: unknown) {
  try {
    await validate(body);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationFailedError);
    return (err as ValidationFailedError).errors;
  }
  throw new Error('expected the body to be rejected');
}

const minimal = { redirect_uris: ['https://app.example.com/cb'] };

describe('ClientBodyDto field rules', () => {
  it('accepts every field of the seed body, including the documented read-only artefacts', async () => {
    await expect(validate(fullSeedBody())).resolves.toBeInstanceOf(ClientBodyDto);
  });

  it('accepts an RFC 7517 key and a seed-shaped key', async () => {
    await expect(validate({ ...minimal, jwks: { keys: [RSA_PUBLIC_JWK] } })).resolves.toBeDefined();
  });

  it('names the rule code of client metadata', async () => {
    await expect(validate({ redirect_uris: 'https://app.example.com/cb' })).rejects.toMatchObject({
      code: 'INVALID_CLIENT_METADATA',
    });
  });

  it('leaves redirect_uris to the client rules, which know the grant types in effect', async () => {
    await expect(validate({})).resolves.toBeInstanceOf(ClientBodyDto);
    await expect(validate({ redirect_uris: [] })).resolves.toBeInstanceOf(ClientBodyDto);
  });

  it.each([
    [{ redirect_uris: [], grant_types: ['authorization_code'], name: 1 }, '/redirect_uris'],
    [{ redirect_uris: Array.from({ length: 101 }, (_, i) => `https://a.example/${i}`) }, '/redirect_uris'],
    [{ ...minimal, grant_types: ['authorization_code', 'authorization_code'] }, '/grant_types'],
    [{ ...minimal, grant_types: ['urn:ietf:params:oauth:grant-type:saml2-bearer'] }, '/grant_types'],
    [{ ...minimal, response_types: ['code code'] }, '/response_types'],
    [{ ...minimal, response_types: ['code idtoken'] }, '/response_types'],
    [{ ...minimal, scopes: ['has space'] }, '/scopes'],
    [{ ...minimal, scopes: ['quote"'] }, '/scopes'],
    [{ ...minimal, contacts: ['nobody'] }, '/contacts'],
    [{ ...minimal, metadata: Array.from({ length: 101 }, () => ({ name: 'n' })) }, '/metadata'],
    [{ ...minimal, metadata: [{ name: '' }] }, '/metadata/0/name'],
    [{ ...minimal, metadata: [{ name: 'n', locale: 'en_US!' }] }, '/metadata/0/locale'],
    [{ ...minimal, name: 'x'.repeat(256) }, '/name'],
    [{ ...minimal, owner: 42 }, '/owner'],
    [{ ...minimal, comment: 'x'.repeat(4097) }, '/comment'],
    [{ ...minimal, notSentGrantType: 'yes' }, '/notSentGrantType'],
    [{ ...minimal, valid_from: '2026-12-01' }, '/valid_from'],
    [{ ...minimal, valid_from: '2026-13-01T00:00:00Z' }, '/valid_from'],
    [{ ...minimal, client_id: '' }, '/client_id'],
    [{ ...minimal, client_id: 'x'.repeat(256) }, '/client_id'],
    [{ ...minimal, client_id: 'tab\there' }, '/client_id'],
    [{ ...minimal, client_secret: 'x'.repeat(31) }, '/client_secret'],
    [{ ...minimal, client_secret: `${'x'.repeat(32)}é` }, '/client_secret'],
    [{ ...minimal, client_uri: 'ftp://app.example.com' }, '/client_uri'],
    [{ ...minimal, confidentiality_type: 'private' }, '/confidentiality_type'],
    [{ ...minimal, pkce_mode: 'plain' }, '/pkce_mode'],
    [{ ...minimal, force_reauthentication: 'false' }, '/force_reauthentication'],
    [{ ...minimal, access_token_ttl: -1 }, '/access_token_ttl'],
    [{ ...minimal, refresh_token_ttl: 315360001 }, '/refresh_token_ttl'],
    [{ ...minimal, id_token_ttl: '60' }, '/id_token_ttl'],
    [{ ...minimal, persisted_consent_ttl: 0.5 }, '/persisted_consent_ttl'],
    [{ ...minimal, jwks_uri: 'http://keys.example.com/jwks' }, '/jwks_uri'],
    [{ ...minimal, logo_uri: 'data:image/png;base64,AAAA' }, '/logo_uri'],
    [{ ...minimal, tos_uri: 'not a url' }, '/tos_uri'],
    [{ ...minimal, policy_uri: '/relative' }, '/policy_uri'],
    [{ ...minimal, token_endpoint_auth_method: 'client_secret' }, '/token_endpoint_auth_method'],
    [{ ...minimal, require_pushed_authorization_requests: 1 }, '/require_pushed_authorization_requests'],
    [{ ...minimal, id_token_signed_response_alg: 'HS256' }, '/id_token_signed_response_alg'],
    [{ ...minimal, id_token_encrypted_response_alg: 'dir' }, '/id_token_encrypted_response_alg'],
    [{ ...minimal, id_token_encrypted_response_enc: 'A256KW' }, '/id_token_encrypted_response_enc'],
    [{ ...minimal, jwks: { keys: 'none' } }, '/jwks/keys'],
    [{ ...minimal, jwks: {} }, '/jwks/keys'],
    [{ ...minimal, jwks: { keys: [{ ...RSA_PUBLIC_JWK, k: 'c2VjcmV0' }] } }, '/jwks/keys/0/k'],
    [{ ...minimal, jwks: { keys: [{ ...RSA_PUBLIC_JWK, n: 'not base64url!' }] } }, '/jwks/keys/0/n'],
    [{ ...minimal, jwks: { keys: [{ ...RSA_PUBLIC_JWK, surprise: 1 }] } }, '/jwks/keys/0/surprise'],
    [
      { ...minimal, jwks: { keys: [{ keyType: { value: 'RSA', requirement: 'MAYBE' } }] } },
      '/jwks/keys/0/keyType/requirement',
    ],
    [{ ...minimal, jwks: { keys: [{ keyOperations: ['sign', 'fly'] }] } }, '/jwks/keys/0/keyOperations'],
    [{ ...minimal, jwks: { keys: [], extra: true } }, '/jwks/extra'],
    [{ ...minimal, valid_to: '2026-12-01T00:00:00Z' }, '/valid_to'],
  ])('rejects %j at %s', async (body, pointer) => {
    expect((await errorsOf(body)).map((e) => e.path)).toEqual(expect.arrayContaining([pointer]));
  });

  it('treats an explicit null as a value, not as absent', async () => {
    expect(await errorsOf({ ...minimal, grant_types: null })).toEqual([
      { path: '/grant_types', message: 'grant_types must be an array' },
    ]);
  });

  it('escapes JSON pointer characters in field names', async () => {
    expect(await errorsOf({ ...minimal, 'a/b~c': 1 })).toEqual([
      { path: '/a~1b~0c', message: 'a/b~c is not a known field' },
    ]);
  });

  it('accepts response type combinations in any order', async () => {
    await expect(
      validate({ ...minimal, response_types: ['code', 'id_token token code', 'token id_token'] }),
    ).resolves.toBeDefined();
  });
});
