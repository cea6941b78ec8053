import type { Jwk } from '../client-definition';

/**
 * A key as the seed documentation shows it: the Java (Nimbus JOSE) JWK object serialised member by
 * member. `requiredParams` holds the key material (kty, n, e, crv, x, y) under RFC 7517 names.
 */
export interface SeedShapedJwk {
  keyType?: { value?: string };
  keyUse?: { value?: string };
  keyOperations?: string[];
  algorithm?: { name?: string };
  keyID?: string;
  x509CertURL?: string;
  x509CertThumbprint?: Base64Value;
  x509CertSHA256Thumbprint?: Base64Value;
  x509CertChain?: Base64Value[];
  requiredParams?: Record<string, unknown>;
  expirationTime?: string;
  notBeforeTime?: string;
  issueTime?: string;
  private?: boolean;
  keyStore?: unknown;
  keyRevocation?: unknown;
  parsedX509CertChain?: unknown;
}

type Base64Value = string | { value?: string };

const SEED_MEMBERS = [
  'keyType',
  'keyUse',
  'keyOperations',
  'algorithm',
  'keyID',
  'requiredParams',
  'x509CertChain',
  'x509CertURL',
];

export function isSeedShaped(key: Record<string, unknown>): boolean {
  return SEED_MEMBERS.some((m) => key[m] !== undefined);
}

/**
 * Maps either key shape onto RFC 7517 member names. Standard members given directly win over the
 * seed-shaped ones. Derived Java artefacts (keyStore, parsedX509CertChain) are dropped: x5c is the
 * source of truth for certificates. Whether the result is an acceptable public key is checked elsewhere.
 */
export function normaliseJwk(input: Record<string, unknown>): Jwk {
  const seed = input as SeedShapedJwk;
  const out: Record<string, unknown> = {};
  if (isSeedShaped(input)) {
    Object.assign(out, seed.requiredParams ?? {});
    setIfDefined(out, 'kty', seed.keyType?.value);
    setIfDefined(out, 'use', seed.keyUse?.value);
    setIfDefined(out, 'key_ops', seed.keyOperations);
    setIfDefined(out, 'alg', seed.algorithm?.name);
    setIfDefined(out, 'kid', seed.keyID);
    setIfDefined(out, 'x5u', seed.x509CertURL);
    setIfDefined(out, 'x5t', base64Value(seed.x509CertThumbprint));
    setIfDefined(out, 'x5t#S256', base64Value(seed.x509CertSHA256Thumbprint));
    setIfDefined(out, 'x5c', seed.x509CertChain?.map(base64Value));
    setIfDefined(out, 'exp', epochSeconds(seed.expirationTime));
    setIfDefined(out, 'nbf', epochSeconds(seed.notBeforeTime));
    setIfDefined(out, 'iat', epochSeconds(seed.issueTime));
  }
  for (const [name, value] of Object.entries(input)) {
    if (!SEED_ONLY.has(name) && value !== undefined) out[name] = value;
  }
  return out as Jwk;
}

const SEED_ONLY = new Set([
  ...SEED_MEMBERS,
  'x509CertThumbprint',
  'x509CertSHA256Thumbprint',
  'expirationTime',
  'notBeforeTime',
  'issueTime',
  'private',
  'keyStore',
  'keyRevocation',
  'parsedX509CertChain',
]);

function setIfDefined(target: Record<string, unknown>, name: string, value: unknown): void {
  if (value !== undefined && value !== null) target[name] = value;
}

function base64Value(value: Base64Value | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.value;
}

function epochSeconds(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Math.floor(Date.parse(iso) / 1000);
}
