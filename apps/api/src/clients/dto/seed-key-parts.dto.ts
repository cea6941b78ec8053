import { EnumField, InstantField, NestedField, StringField } from '../../http/validators';
import { X509_CERT_EXAMPLE } from './examples/jwks.example';

/** The nested value objects of the key shape the original (Java) documentation shows. */
const REQUIREMENTS = ['REQUIRED', 'RECOMMENDED', 'OPTIONAL'];

export class NamedValueDto {
  @StringField({ required: true, maxLength: 255, example: 'RSA' })
  value: string;

  @EnumField(REQUIREMENTS, { example: 'REQUIRED' })
  requirement?: string;
}

export class AlgorithmDto {
  @StringField({ required: true, maxLength: 64, example: 'RS256' })
  name: string;

  @EnumField(REQUIREMENTS, { example: 'RECOMMENDED' })
  requirement?: string;
}

export class Base64ValueDto {
  @StringField({
    required: true,
    maxLength: 16384,
    example: X509_CERT_EXAMPLE,
    pattern: /^[A-Za-z0-9+/_-]+={0,2}$/,
    patternMessage: '$property must be base64 or base64url',
  })
  value: string;
}

export class KeyRevocationReasonDto {
  @StringField({ required: true, maxLength: 255, example: 'superseded' })
  value: string;
}

export class KeyRevocationDto {
  @NestedField(() => KeyRevocationReasonDto, { example: { value: 'superseded' } })
  reason?: KeyRevocationReasonDto;

  @InstantField({ example: '2026-01-01T00:00:00Z' })
  revocationTime?: string;
}
