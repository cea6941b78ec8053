import { generateKeyPairSync } from 'node:crypto';
import { publicKeyErrors } from './public-key-checks';

const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
const ecPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ec = ecPair.publicKey.export({ format: 'jwk' });
const ecPrivate = ecPair.privateKey.export({ format: 'jwk' });
const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ format: 'jwk' });
const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
const x25519 = generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' });

/** A self-signed P-256 certificate (made with openssl for this spec) and its public key. */
const CERTIFIED = {
  kty: 'EC',
  x: 'vTm94nENpyYcSsleei2Nq_ITcr6NYaIh1y8qWyCXxvk',
  y: 'I6oev0WMY9rRZWkFcnO-O4Wy2T2wBxmlvghn32rBMW8',
  crv: 'P-256',
  x5c: [
    [
      'MIIBnzCCAUWgAwIBAgIUfCRz48L1+bLK//1LzPK/nMTB/hMwCgYIKoZIzj0EAwIwJTEjMCEGA1UEAwwab2F1dGgtcmVnaXN0',
      'cnkgdGVzdCBjbGllbnQwHhcNMjYxMTI2MTY1NjQ1WhcNMzYxMTIzMTY1NjQ1WjAlMSMwIQYDVQQDDBpvYXV0aC1yZWdpc3Ry',
      'eSB0ZXN0IGNsaWVudDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABL05veJxDacmHErJXnotjavyE3K+jWGiIdcvKlsgl8b5',
      'I6oev0WMY9rRZWkFcnO+O4Wy2T2wBxmlvghn32rBMW+jUzBRMB0GA1UdDgQWBBQCvOnzhQY5WH+Qo/3NEPsPHGGbqTAfBgNV',
      'HSMEGDAWgBQCvOnzhQY5WH+Qo/3NEPsPHGGbqTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQC8wLL7IGzB',
      'igsUmkiLENmMLzPTa+y7VfnFrL5eDSZ7vwIgMiwmHemSAWHU1QomSXOfngrZ81zZFkyrsadbABhVMFY=',
    ].join(''),
  ],
};

const paths = async (keys: Array<Record<string, unknown>>) => (await publicKeyErrors(keys)).map((e) => e.path);

describe('publicKeyErrors', () => {
  it('accepts RSA (2048+), EC on P-256 and secp256k1, and OKP public keys, in RFC 7517 shape', async () => {
    expect(
      await publicKeyErrors([
        { ...rsa2048, kid: 'r', use: 'sig' },
        { ...rsa2048, kid: 'r-enc', use: 'enc' },
        { ...ec, kid: 'e', alg: 'ES256' },
        { ...k1, kid: 'k1' },
        { ...ed, kid: 'ed' },
        { ...x25519, kid: 'x' },
      ]),
    ).toEqual([]);
  });

  it('accepts the seed documentation shape', async () => {
    expect(
      await publicKeyErrors([
        {
          keyType: { value: 'RSA' },
          keyID: 's',
          requiredParams: { kty: 'RSA', n: rsa2048.n, e: rsa2048.e },
          private: false,
        },
      ]),
    ).toEqual([]);
  });

  it('refuses private keys, also a seed-shaped one marked private', async () => {
    expect(await paths([{ ...ecPrivate }])).toEqual(['/jwks/keys/0/d']);
    expect(await paths([{ keyType: { value: 'EC' }, requiredParams: { ...ec }, private: true }])).toEqual([
      '/jwks/keys/0/private',
    ]);
    expect(await paths([{ keyType: { value: 'EC' }, requiredParams: { ...ecPrivate } }])).toEqual(['/jwks/keys/0/d']);
  });

  it('refuses symmetric keys', async () => {
    expect(await paths([{ kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0' }])).toEqual(['/jwks/keys/0/kty']);
  });

  it('refuses an RSA key under 2048 bits, or without e', async () => {
    expect(await publicKeyErrors([{ ...rsa1024 }])).toEqual([
      { path: '/jwks/keys/0/n', message: expect.stringMatching(/1024 bits; 2048 to 8192/) },
    ]);
    expect(await paths([{ kty: 'RSA', n: rsa2048.n }])).toEqual(['/jwks/keys/0/e']);
  });

  it('refuses an RSA modulus that is even or over 8192 bits, and an exponent other than 65537', async () => {
    const even = Buffer.from(String(rsa2048.n), 'base64url');
    even[even.length - 1] &= 0xfe;
    expect(await publicKeyErrors([{ ...rsa2048, n: even.toString('base64url') }])).toEqual([
      { path: '/jwks/keys/0/n', message: 'the RSA modulus (n) must be odd' },
    ]);
    const huge = Buffer.concat([Buffer.from([0xc3]), Buffer.alloc(1024, 0x5b), Buffer.from([0x01])]);
    expect(await publicKeyErrors([{ ...rsa2048, n: huge.toString('base64url') }])).toEqual([
      { path: '/jwks/keys/0/n', message: expect.stringMatching(/8208 bits; 2048 to 8192/) },
    ]);
    for (const e of ['Aw', 'AQE', 'AAEAAQ', 'AQAAAQ']) {
      const errors = await publicKeyErrors([{ ...rsa2048, e }]);
      expect(errors).toEqual(
        e === 'AAEAAQ' ? [] : [{ path: '/jwks/keys/0/e', message: expect.stringMatching(/65537/) }],
      );
    }
  });

  it('refuses an EC point that is not on its curve, and an unknown curve', async () => {
    const x = Buffer.from(String(ec.x), 'base64url');
    x[5] ^= 0xff;
    expect(await paths([{ ...ec, x: x.toString('base64url') }])).toEqual(['/jwks/keys/0']);
    expect(await paths([{ ...ec, crv: 'P-192' }])).toEqual(['/jwks/keys/0/crv']);
  });

  it('refuses a key whose alg does not fit it', async () => {
    expect(await paths([{ ...ec, alg: 'RS256' }])).toEqual(['/jwks/keys/0']);
  });

  it('refuses a kid used twice in the set', async () => {
    expect(
      await paths([
        { ...ec, kid: 'same' },
        { ...ed, kid: 'same' },
      ]),
    ).toEqual(['/jwks/keys/1/kid']);
  });

  it('accepts an x5c whose certificate holds this key', async () => {
    expect(await publicKeyErrors([CERTIFIED])).toEqual([]);
  });

  it('refuses an x5c that is not a certificate of this key', async () => {
    expect(await paths([{ ...ec, x5c: CERTIFIED.x5c }])).toEqual(['/jwks/keys/0/x5c']);
    expect(await paths([{ ...rsa2048, x5c: ['bm90IGEgY2VydGlmaWNhdGU='] }])).toEqual(['/jwks/keys/0/x5c']);
  });
});
