import { IsIn, Matches } from 'class-validator';
import {
  BooleanField,
  EnumField,
  Forbidden,
  InstantField,
  NestedField,
  ObjectArrayField,
  ObjectField,
  StringArrayField,
  StringField,
  UrlField,
} from '../../http/validators';
import { RSA_MODULUS_EXAMPLE, X509_CERT_EXAMPLE } from './examples/jwks.example';
import { AlgorithmDto, Base64ValueDto, KeyRevocationDto, NamedValueDto } from './seed-key-parts.dto';

const KEY_OPS = ['sign', 'verify', 'encrypt', 'decrypt', 'wrapKey', 'unwrapKey', 'deriveKey', 'deriveBits'];
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/**
 * The seed's (Java) key shape is accepted and normalised to RFC 7517; marked deprecated so that Swagger
 * UI shows it below the RFC 7517 members, struck through, as the shape not to use in new requests.
 */
const SEED_SHAPE = { deprecated: true } as const;
/** Read-only artefacts of the seed: accepted and dropped, never offered as request fields. */
const ARTEFACT = { deprecated: true, readOnly: true } as const;
const PRIVATE = 'is a private key member; register only the public key';

/**
 * One key of `jwks.keys`, in either shape the API accepts: the RFC 7517 members (kty, kid, n, e, ...)
 * or the Java object shape of the original documentation (keyType, keyID, requiredParams, ...).
 * Both are normalised to RFC 7517 before storage.
 */
export class JwkDto {
  @StringField({ maxLength: 16, example: 'RSA', description: 'RFC 7517 key type (RSA, EC, OKP).' })
  kty?: string;

  @EnumField(['sig', 'enc'], { example: 'sig', description: 'RFC 7517 intended use.' })
  use?: string;

  @StringArrayField(
    { maxItems: 8, unique: true, items: { type: 'string', enum: KEY_OPS }, example: ['verify'] },
    IsIn(KEY_OPS, { each: true, message: `$property must be among: ${KEY_OPS.join(', ')}` }),
  )
  key_ops?: string[];

  @StringField({ maxLength: 64, example: 'RS256' })
  alg?: string;

  @StringField({ maxLength: 255, example: 'signing-key-2026' })
  kid?: string;

  @UrlField(['https'], { example: 'https://app.example.com/certs/signing.pem' })
  x5u?: string;

  @StringArrayField(
    {
      maxItems: 10,
      example: [X509_CERT_EXAMPLE],
    },
    Matches(BASE64, { each: true, message: '$property must hold base64 DER certificates' }),
  )
  x5c?: string[];

  @StringField({
    maxLength: 128,
    pattern: BASE64URL,
    patternMessage: '$property must be base64url',
    example: 'NjVBRjY5MDlCMUIwNzU4RTA2QzZFMDQ4QzQ2MDAyQjVDNjk1RTM2Qg',
  })
  x5t?: string;

  @StringField({
    maxLength: 128,
    pattern: BASE64URL,
    patternMessage: '$property must be base64url',
    example: 'ZmFrZS1zaGEyNTYtdGh1bWJwcmludC1vZi10aGUtY2VydA',
  })
  'x5t#S256'?: string;

  @StringField({
    maxLength: 2048,
    pattern: BASE64URL,
    patternMessage: '$property must be base64url',
    description: 'RSA modulus.',
    example: RSA_MODULUS_EXAMPLE,
  })
  n?: string;

  @StringField({
    maxLength: 16,
    pattern: BASE64URL,
    patternMessage: '$property must be base64url',
    example: 'AQAB',
    description: 'RSA exponent.',
  })
  e?: string;

  @StringField({ maxLength: 16, example: 'P-256', description: 'EC or OKP curve.' })
  crv?: string;

  @StringField({
    maxLength: 256,
    pattern: BASE64URL,
    patternMessage: '$property must be base64url',
    example: 'MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4',
    description: 'EC or OKP public x coordinate.',
  })
  x?: string;

  @StringField({
    maxLength: 256,
    pattern: BASE64URL,
    patternMessage: '$property must be base64url',
    example: '4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM',
    description: 'EC public y coordinate.',
  })
  y?: string;

  @Forbidden(PRIVATE) d?: unknown;
  @Forbidden(PRIVATE) p?: unknown;
  @Forbidden(PRIVATE) q?: unknown;
  @Forbidden(PRIVATE) dp?: unknown;
  @Forbidden(PRIVATE) dq?: unknown;
  @Forbidden(PRIVATE) qi?: unknown;
  @Forbidden(PRIVATE) oth?: unknown;
  @Forbidden('is a symmetric key; register only asymmetric public keys') k?: unknown;

  @NestedField(() => NamedValueDto, {
    ...SEED_SHAPE,
    description: 'Seed shape: key type.',
    example: { value: 'RSA', requirement: 'REQUIRED' },
  })
  keyType?: NamedValueDto;

  @NestedField(() => NamedValueDto, {
    ...SEED_SHAPE,
    description: 'Seed shape: intended use.',
    example: { value: 'sig' },
  })
  keyUse?: NamedValueDto;

  @StringArrayField(
    { ...SEED_SHAPE, maxItems: 8, unique: true, items: { type: 'string', enum: KEY_OPS }, example: ['verify'] },
    IsIn(KEY_OPS, { each: true, message: `$property must be among: ${KEY_OPS.join(', ')}` }),
  )
  keyOperations?: string[];

  @NestedField(() => AlgorithmDto, {
    ...SEED_SHAPE,
    description: 'Seed shape: algorithm.',
    example: { name: 'RS256', requirement: 'RECOMMENDED' },
  })
  algorithm?: AlgorithmDto;

  @StringField({ ...SEED_SHAPE, maxLength: 255, example: 'signing-key-2026', description: 'Seed shape: key id.' })
  keyID?: string;

  @UrlField(['https'], {
    ...SEED_SHAPE,
    description: 'Seed shape: X.509 certificate URL.',
    example: 'https://app.example.com/certs/signing.pem',
  })
  x509CertURL?: string;

  @NestedField(() => Base64ValueDto, {
    ...SEED_SHAPE,
    example: { value: 'NjVBRjY5MDlCMUIwNzU4RTA2QzZFMDQ4QzQ2MDAyQjVDNjk1RTM2Qg' },
  })
  x509CertThumbprint?: Base64ValueDto;

  @NestedField(() => Base64ValueDto, {
    ...SEED_SHAPE,
    example: { value: 'ZmFrZS1zaGEyNTYtdGh1bWJwcmludC1vZi10aGUtY2VydA' },
  })
  x509CertSHA256Thumbprint?: Base64ValueDto;

  @NestedField(() => Base64ValueDto, {
    ...SEED_SHAPE,
    isArray: true,
    maxItems: 10,
    description: 'Seed shape: certificate chain, base64 DER.',
    example: [{ value: X509_CERT_EXAMPLE }],
  })
  x509CertChain?: Base64ValueDto[];

  @ObjectField({
    ...SEED_SHAPE,
    description: 'Seed shape: the key material under RFC 7517 names.',
    example: { kty: 'RSA', e: 'AQAB', n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri...' },
  })
  requiredParams?: Record<string, unknown>;

  @InstantField({ ...SEED_SHAPE, example: '2027-12-31T23:59:59Z' })
  expirationTime?: string;

  @InstantField({ ...SEED_SHAPE, example: '2026-01-01T00:00:00Z' })
  notBeforeTime?: string;

  @InstantField({ ...SEED_SHAPE, example: '2026-01-01T00:00:00Z' })
  issueTime?: string;

  @BooleanField({ ...SEED_SHAPE, description: 'Seed shape: true for a private key, which is refused.', example: false })
  private?: boolean;

  @NestedField(() => KeyRevocationDto, {
    ...SEED_SHAPE,
    example: { reason: { value: 'superseded' }, revocationTime: '2026-06-01T00:00:00Z' },
  })
  keyRevocation?: KeyRevocationDto;

  @ObjectField({
    ...ARTEFACT,
    description: 'Read-only Java artefact of the seed shape: accepted and dropped.',
    example: { type: 'PKCS12' },
  })
  keyStore?: Record<string, unknown>;

  @ObjectArrayField({
    ...ARTEFACT,
    maxItems: 10,
    description: 'Read-only, derived from x509CertChain in the seed shape: accepted and dropped.',
    example: [],
  })
  parsedX509CertChain?: unknown[];
}
