import { BooleanField, NestedField, ObjectField } from '../../http/validators';
import { RSA_JWK_EXAMPLE } from './examples/jwks.example';
import { JwkDto } from './jwk.dto';

export class JwksDto {
  @NestedField(() => JwkDto, {
    required: true,
    isArray: true,
    maxItems: 100,
    description: 'Public keys (RFC 7517 JWK Set).',
    example: [RSA_JWK_EXAMPLE],
  })
  keys: JwkDto[];

  @BooleanField({
    deprecated: true,
    readOnly: true,
    description: 'Read-only artefact of the original API: accepted and dropped.',
    example: false,
  })
  empty?: boolean;

  @ObjectField({
    deprecated: true,
    readOnly: true,
    description: 'Read-only artefact of the original API: accepted and dropped.',
    example: {},
  })
  additionalMembers?: Record<string, unknown>;
}
