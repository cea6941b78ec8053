import { DELETED_AT, DELETED_BY, SNAPSHOT_STATE } from '../../http/soft-deleted-states';
import { GRANT_TYPES } from '@app/clients';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { MetadataItemDto } from '../../http/metadata-item.dto';
import { ReadOnlyMember } from '../../http/read-only-member';
import {
  BooleanField,
  EnumField,
  InstantField,
  IntegerField,
  NestedField,
  StringArrayField,
  StringField,
} from '../../http/validators';
import { RegistrationPolicyDto } from './registration-policy.dto';

const POLICIES = ['consent_required', 'consent_persisted', 'no_consent', 'not_allowed'];
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

/** nevisMeta's names: what each scope of the setup's resource servers inherits when it leaves a policy out. */
export class ResourceServerDefaultsDto {
  @EnumField(POLICIES, { example: 'consent_required', description: "Scopes' default policy_implicit_flow." })
  scope_policy_implicit_flow?: string;

  @EnumField(POLICIES, {
    example: 'consent_required',
    description: "Scopes' default policy_authorization_code_flow.",
  })
  scope_policy_authorization_code_flow?: string;

  @EnumField(POLICIES, { example: 'no_consent', description: "Scopes' default policy_refresh_token." })
  scope_policy_refresh_token?: string;

  @BooleanField({
    example: false,
    description: "Scopes' default policy_force_reauthentication: whether asking for a scope forces a new login.",
  })
  scope_policy_force_reauthentication?: boolean;
}

/** The body of POST (and later PUT) .../setups: a setup's complete definition. */
export class CreateSetupDto {
  @StringField({ maxLength: 255, example: 'Retail banking' })
  name?: string;

  @StringField({ maxLength: 255, example: 'security-team' })
  owner?: string;

  @StringField({ maxLength: 4096, example: 'Authorization server of the retail apps.' })
  comment?: string;

  @NestedField(() => MetadataItemDto, {
    isArray: true,
    maxItems: 100,
    example: [{ name: 'region', value: 'EU', locale: 'en' }],
  })
  metadata?: MetadataItemDto[];

  @NestedField(() => ClientDefaultsDto, {
    description: 'What clients of this setup inherit when they leave a value out.',
    example: { grant_types: ['authorization_code', 'refresh_token'], access_token_ttl: 600 },
  })
  client_defaults?: ClientDefaultsDto;

  @NestedField(() => ResourceServerDefaultsDto, {
    description: 'Default consent policies of the scopes of this setup.',
    example: {
      scope_policy_implicit_flow: 'consent_required',
      scope_policy_authorization_code_flow: 'consent_required',
      scope_policy_refresh_token: 'no_consent',
      scope_policy_force_reauthentication: false,
    },
  })
  resource_server_defaults?: ResourceServerDefaultsDto;

  @NestedField(() => RegistrationPolicyDto, {
    description:
      'RFC 7591 dynamic registration: who may register clients of this setup, and what a self-registered client may ask for. Absent: administrators only.',
    example: {
      access: 'initial_access_token',
      allowed_grant_types: ['authorization_code', 'refresh_token'],
      max_clients: 200,
    },
  })
  registration_policy?: RegistrationPolicyDto;

  @InstantField({
    example: '2026-12-01T08:00:00Z',
    description: 'When this configuration takes effect; absent or past means at once.',
  })
  valid_from?: string;
}

/** The body of PUT: a complete definition, which may be what a read returned (its read-only members ignored). */
export class UpdateSetupDto extends CreateSetupDto {
  @ReadOnlyMember('The setup id, as reads return it.')
  setupId?: unknown;

  @ReadOnlyMember('The snapshot id, as reads return it.')
  snapshotId?: unknown;

  @ReadOnlyMember('The snapshot state, as snapshot reads return it.')
  state?: unknown;
}

export class CreateSetupResponseDto {
  @ApiProperty({ example: '3b9e2f4a6c8d0e1f2a3b4c5d6e7f8091' })
  setupId: string;
}

export class SetupIdsDto {
  @ApiProperty({ type: [String], example: ['3b9e2f4a6c8d0e1f2a3b4c5d6e7f8091'] })
  setupIds: string[];
}

export class SetupViewDto extends OmitType(CreateSetupDto, ['valid_from'] as const) {
  @ApiProperty({ example: '3b9e2f4a6c8d0e1f2a3b4c5d6e7f8091' })
  setupId: string;

  @ApiProperty({ example: '5d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a' })
  snapshotId: string;

  @ApiPropertyOptional(SNAPSHOT_STATE)
  state?: string;

  @ApiPropertyOptional(DELETED_AT)
  deleted_at?: string;

  @ApiPropertyOptional(DELETED_BY)
  deleted_by?: string;

  @ApiProperty({ example: '2026-12-01T08:00:00.000Z', format: 'date-time' })
  valid_from: string;
}
