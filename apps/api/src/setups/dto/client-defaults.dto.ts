import { GRANT_TYPES } from '@app/clients';
import { IsIn } from 'class-validator';
import { BooleanField, IntegerField, StringArrayField } from '../../http/validators';

const MAX_TTL = 315_360_000;
const ttl = (description: string) =>
  IntegerField({ minimum: 0, maximum: MAX_TTL, example: 3600, description: `${description} in whole seconds.` });

export class ClientDefaultsDto {
  @StringArrayField(
    {
      maxItems: GRANT_TYPES.length,
      unique: true,
      items: { type: 'string', enum: [...GRANT_TYPES] },
      example: ['authorization_code', 'refresh_token'],
    },
    IsIn([...GRANT_TYPES], { each: true, message: `$property must be among: ${GRANT_TYPES.join(', ')}` }),
  )
  grant_types?: string[];

  @ttl('Default access token lifetime')
  access_token_ttl?: number;

  @ttl('Default refresh token lifetime')
  refresh_token_ttl?: number;

  @ttl('Default ID token lifetime')
  id_token_ttl?: number;

  @ttl('Default persisted consent lifetime')
  persisted_consent_ttl?: number;

  @BooleanField({ example: false })
  force_reauthentication?: boolean;
}
