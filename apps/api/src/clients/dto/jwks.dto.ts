import { BooleanField, NestedField, ObjectField } from '../../http/validators';
import { RSA_JWK_EXAMPLE } from './examples/jwks.example';
import { JwkDto } from './jwk.dto';

/** Keys per client: a client signs with one or two and rotates them; enough room for overlap. */
export const MAX_JWKS_KEYS = 10;

export class JwksDto {
  @NestedField(() => JwkDto, {
    required: true,
    isArray: true,
    maxItems: MAX_JWKS_KEYS,
    description: `Public keys (RFC 7517 JWK Set), at most ${MAX_JWKS_KEYS}: each key is imported and checked (an EC point on its curve, an RSA modulus), about a millisecond for a P-521 key.`,
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
