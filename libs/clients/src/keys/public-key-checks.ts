import { createPublicKey, X509Certificate } from 'node:crypto';
import { type FieldError, jsonPointer } from '@app/core';
import { importJWK, type JWK } from 'jose';
import type { Jwk } from '../client-definition';
import { normaliseJwk } from './normalise-jwk';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];
const EC_CURVES: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', secp256k1: 'ES256K' };
const OKP_CURVES: Record<string, string> = { Ed25519: 'Ed25519', Ed448: 'Ed448', X25519: 'ECDH-ES', X448: 'ECDH-ES' };
export const MIN_RSA_BITS = 2048;
export const MAX_RSA_BITS = 8192;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Checks every key of a client's jwks (either accepted shape) with the jose library: an asymmetric
 * public key of a supported type, complete, on its curve, RSA of at least 2048 bits, kid unique in
 * the set, and an x5c certificate that holds the same key. Returns every problem, each with the
 * pointer of its key.
 */
export async function publicKeyErrors(keys: ReadonlyArray<Record<string, unknown>>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const kids = new Map<string, number>();
  for (const [i, raw] of keys.entries()) {
    const at = (member?: string) => jsonPointer(member ? ['jwks', 'keys', i, member] : ['jwks', 'keys', i]);
    const key = normaliseJwk(raw);
    const problem = await keyProblem(raw, key);
    if (problem) errors.push({ path: at(problem.member), message: problem.message });
    if (typeof key.kid === 'string') {
      if (kids.has(key.kid))
        errors.push({
          path: at('kid'),
          message: `kid "${key.kid}" is used by key ${kids.get(key.kid)} too; kids must be unique in the set`,
        });
      else kids.set(key.kid, i);
    }
  }
  return errors;
}

async function keyProblem(
  raw: Record<string, unknown>,
  key: Jwk,
): Promise<{ member?: string; message: string } | null> {
  if (raw.private === true) return { member: 'private', message: 'is a private key; register only the public key' };
  const privateMember = PRIVATE_MEMBERS.find((m) => key[m] !== undefined);
  if (privateMember)
    return { member: privateMember, message: 'holds private key material; register only the public key' };
  if (key.kty === 'oct' || key.k !== undefined)
    return { member: 'kty', message: 'symmetric keys are not accepted; register an asymmetric public key' };
  if (typeof key.kty !== 'string') return { member: 'kty', message: 'the key type (kty) is missing' };
  const alg = defaultAlg(key);
  if (!alg)
    return {
      member: key.kty === 'RSA' || key.kty === 'EC' || key.kty === 'OKP' ? 'crv' : 'kty',
      message: unsupported(key),
    };
  for (const member of key.kty === 'RSA' ? ['n', 'e'] : key.kty === 'EC' ? ['x', 'y'] : ['x']) {
    if (typeof key[member] !== 'string') return { member, message: `an ${key.kty} key needs "${member}"` };
  }
  if (key.kty === 'RSA') {
    const problem = rsaProblem(String(key.n), String(key.e));
    if (problem) return problem;
  }
  try {
    if (alg === 'ES256K') {
      // WebCrypto, which jose uses, has no secp256k1; Node's own key import checks the point instead.
      createPublicKey({ key: key as never, format: 'jwk' });
    } else {
      const imported = await importJWK(key as JWK, alg);
      const bits = (imported as { algorithm?: { modulusLength?: number } }).algorithm ?? {};
      if (key.kty === 'RSA' && (bits.modulusLength ?? 0) < MIN_RSA_BITS) {
        return {
          member: 'n',
          message: `the RSA modulus has ${bits.modulusLength} bits; at least ${MIN_RSA_BITS} are needed`,
        };
      }
    }
  } catch {
    return {
      message: `is not a valid ${key.kty} public key${key.alg ? ` for alg ${String(key.alg)}` : ''} (check n/e, or x/y on curve ${String(key.crv ?? '?')})`,
    };
  }
  if (Array.isArray(key.x5c) && key.x5c.length) {
    const mismatch = certificateMismatch(key);
    if (mismatch) return { member: 'x5c', message: mismatch };
  }
  return null;
}

/**
 * An RSA public key that is one: a modulus of 2048 to 8192 bits that is odd (an even one has the
 * factor 2 and is no RSA modulus), and the public exponent 65537, the only one in common use (RFC 8017
 * allows others; small ones such as 3 make padding mistakes exploitable). Leading zero octets, which
 * some serialisers add, are ignored.
 */
function rsaProblem(n: string, e: string): { member: string; message: string } | null {
  if (!BASE64URL.test(n)) return { member: 'n', message: 'the RSA modulus (n) must be base64url' };
  if (!BASE64URL.test(e)) return { member: 'e', message: 'the RSA exponent (e) must be base64url' };
  const modulus = withoutLeadingZeros(Buffer.from(n, 'base64url'));
  const bits = modulus.length ? (modulus.length - 1) * 8 + modulus[0].toString(2).length : 0;
  if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS)
    return {
      member: 'n',
      message: `the RSA modulus has ${bits} bits; ${MIN_RSA_BITS} to ${MAX_RSA_BITS} are accepted`,
    };
  if ((modulus[modulus.length - 1] & 1) === 0) return { member: 'n', message: 'the RSA modulus (n) must be odd' };
  if (withoutLeadingZeros(Buffer.from(e, 'base64url')).toString('hex') !== '010001')
    return { member: 'e', message: 'the RSA public exponent (e) must be 65537 ("AQAB")' };
  return null;
}

function withoutLeadingZeros(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

/** The algorithm to import the key with: its own alg, else the usual one for its type and use. */
function defaultAlg(key: Jwk): string | undefined {
  if (typeof key.alg === 'string') return key.alg;
  const enc = key.use === 'enc';
  if (key.kty === 'RSA') return enc ? 'RSA-OAEP-256' : 'RS256';
  if (key.kty === 'EC') {
    const alg = EC_CURVES[String(key.crv)];
    return alg && enc && alg !== 'ES256K' ? 'ECDH-ES' : alg;
  }
  if (key.kty === 'OKP') return OKP_CURVES[String(key.crv)];
  return undefined;
}

function unsupported(key: Jwk): string {
  if (key.kty === 'EC') return `curve ${String(key.crv)} is not supported; use P-256, P-384, P-521 or secp256k1`;
  if (key.kty === 'OKP') return `curve ${String(key.crv)} is not supported; use Ed25519, Ed448, X25519 or X448`;
  return `key type ${String(key.kty)} is not supported; use RSA, EC or OKP`;
}

/** RFC 7517 §4.7: the key in the first certificate of x5c must be the key itself. */
function certificateMismatch(key: Jwk): string | null {
  let certKey: Record<string, unknown>;
  try {
    certKey = new X509Certificate(Buffer.from(String((key.x5c as unknown[])[0]), 'base64')).publicKey.export({
      format: 'jwk',
    }) as Record<string, unknown>;
  } catch {
    return 'the first x5c entry is not a base64 DER X.509 certificate';
  }
  const members = key.kty === 'RSA' ? ['n', 'e'] : ['crv', 'x', 'y'];
  return members.every((m) => certKey[m] === key[m])
    ? null
    : 'the first x5c certificate holds a different key than this JWK';
}
