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

  @BooleanField({ description: 'Read-only artefact of the original API: accepted and ignored.', example: false })
  empty?: boolean;

  @ObjectField({ description: 'Read-only artefact of the original API: accepted and ignored.', example: {} })
  additionalMembers?: Record<string, unknown>;
}
