import { normaliseJwk } from './normalise-jwk';

const n = [
  'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC',
  '5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoL',
  'wAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWF',
  'LU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw',
].join('');

describe('normaliseJwk', () => {
  it('keeps an RFC 7517 key as it is', () => {
    const key = { kty: 'RSA', kid: 'k1', use: 'sig', alg: 'RS256', n, e: 'AQAB' };
    expect(normaliseJwk(key)).toEqual(key);
  });

  it('maps the seed documentation shape onto RFC 7517 members', () => {
    const sut = normaliseJwk({
      keyType: { value: 'RSA', requirement: 'REQUIRED' },
      keyUse: { value: 'sig' },
      keyID: 'k1',
      algorithm: { name: 'RS256', requirement: 'RECOMMENDED' },
      keyOperations: ['verify'],
      requiredParams: { kty: 'RSA', n, e: 'AQAB' },
      x509CertChain: [{ value: 'MIIB' }],
      expirationTime: '2030-01-01T00:00:00Z',
      private: false,
      keyStore: { type: 'PKCS12' },
      parsedX509CertChain: [{ sigAlgName: 'SHA256withRSA' }],
    });
    expect(sut).toEqual({
      kty: 'RSA',
      use: 'sig',
      kid: 'k1',
      alg: 'RS256',
      key_ops: ['verify'],
      n,
      e: 'AQAB',
      x5c: ['MIIB'],
      exp: 1893456000,
    });
  });
});
