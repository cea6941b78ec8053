import { DELETED_AT, DELETED_BY, SNAPSHOT_STATE } from '../../http/soft-deleted-states';
import type { FieldError } from '@app/core';
import {
  CUSTOM_CLAIMS_MAX_LENGTH,
  POLICY_FIELDS,
  type ResourceServerDefinition,
  resourceServerDefinitionErrors,
  SCOPE_POLICIES,
} from '@app/resource-servers';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { MetadataItemDto } from '../../http/metadata-item.dto';
import { ReadOnlyMember } from '../../http/read-only-member';
import {
  BooleanField,
  EnumField,
  InstantField,
  NestedField,
  SCOPE_TOKEN,
  StringArrayField,
  StringField,
  UrlField,
} from '../../http/validators';

const policy = (flow: string, example: string) =>
  EnumField(SCOPE_POLICIES, {
    example,
    description: `Whether ${flow} may ask for the scope and whether the user consents each time, once (persisted) or not at all. Absent: the setup's resource_server_defaults.`,
  });

export class ScopeDto {
  @StringField({
    required: true,
    minLength: 1,
    maxLength: 255,
    pattern: SCOPE_TOKEN,
    patternMessage: '$property must be an RFC 6749 scope token (printable ASCII, no spaces, quotes or backslashes)',
    example: 'accounts:read',
    description: 'The scope token; unique within the setup, across all its resource servers.',
  })
  name: string;

  @NestedField(() => MetadataItemDto, {
    isArray: true,
    maxItems: 100,
    example: [{ name: 'title', value: 'Read your accounts', locale: 'en' }],
  })
  metadata?: MetadataItemDto[];

  @policy('the implicit flow', 'not_allowed')
  policy_implicit_flow?: string;

  @policy('the authorization code flow', 'consent_required')
  policy_authorization_code_flow?: string;

  @policy('a refresh token request', 'no_consent')
  policy_refresh_token?: string;

  @BooleanField({
    example: false,
    description:
      "Whether asking for this scope forces the user to authenticate again. Absent: the setup's resource_server_defaults.scope_policy_force_reauthentication, else false.",
  })
  policy_force_reauthentication?: boolean;

  @StringField({
    maxLength: CUSTOM_CLAIMS_MAX_LENGTH,
    example: 'account_ids',
    description:
      "nevisMeta's custom claims of the scope, as a string (nevisMeta documents no format; stored as given).",
  })
  custom_claims?: string;

  @StringArrayField(
    {
      maxItems: POLICY_FIELDS.length,
      unique: true,
      items: { type: 'string', enum: [...POLICY_FIELDS] },
      example: ['policy_refresh_token'],
      description:
        "In reads: the policies this scope leaves out, shown with the value it inherits (the setup's resource_server_defaults, else the built-in default). In a body sent back: a listed policy whose value is still the inherited one keeps inheriting; a changed value becomes the scope's own.",
    },
    IsIn([...POLICY_FIELDS], { each: true, message: `$property must be among: ${POLICY_FIELDS.join(', ')}` }),
  )
  inherited?: string[];
}

/** The body of POST and PUT .../resource-servers: a resource server's complete definition. */
export class ResourceServerDto {
  static readonly problemCode = 'INVALID_REQUEST';

  /** Scope names unique within the resource server, metadata (name, locale) unique; on the well-typed fields. */
  static crossFieldErrors(dto: ResourceServerDto): FieldError[] {
    return resourceServerDefinitionErrors(dto as unknown as Partial<ResourceServerDefinition>);
  }

  @StringField({ maxLength: 255, example: 'Accounts API' })
  name?: string;

  @StringField({ maxLength: 255, example: 'team-accounts' })
  owner?: string;

  @StringField({ maxLength: 4096, example: 'Account data of retail customers.' })
  comment?: string;

  @UrlField(['https', 'http'], {
    example: 'https://api.example.com/accounts',
    description: 'Where the API is; an absolute http(s) URL (RFC 8707 resource indicator).',
  })
  uri?: string;

  @NestedField(() => MetadataItemDto, {
    isArray: true,
    maxItems: 100,
    example: [{ name: 'department', value: 'Retail', locale: 'en' }],
  })
  metadata?: MetadataItemDto[];

  @NestedField(() => ScopeDto, {
    required: true,
    isArray: true,
    maxItems: 1000,
    description: 'The scopes this API declares (may be empty). Clients of the setup may only ask for declared scopes.',
    example: [
      { name: 'accounts:read', policy_authorization_code_flow: 'consent_required', custom_claims: 'account_ids' },
    ],
  })
  scopes: ScopeDto[];

  @InstantField({
    example: '2026-12-01T08:00:00Z',
    description: 'When this configuration takes effect (ISO-8601 with offset); absent or past means at once.',
  })
  valid_from?: string;
}

/** The body of PUT: a complete definition, which may be what a read returned (its read-only members ignored). */
export class UpdateResourceServerDto extends ResourceServerDto {
  @ReadOnlyMember('The resource server id, as reads return it.')
  resourceServerId?: unknown;

  @ReadOnlyMember('The snapshot id, as reads return it.')
  snapshotId?: unknown;

  @ReadOnlyMember('The snapshot state, as snapshot reads return it.')
  state?: unknown;
}

export class ResourceServerIdDto {
  @ApiProperty({ example: '7c1e9a4b2d3f405e8a6b7c8d9e0f1a2b' })
  resourceServerId: string;
}

export class ResourceServerIdsDto {
  @ApiProperty({ type: [String], example: ['7c1e9a4b2d3f405e8a6b7c8d9e0f1a2b'] })
  resourceServerIds: string[];
}

export class ScopeViewDto extends ScopeDto {
  @ApiProperty({
    type: [String],
    example: ['policy_refresh_token'],
    description:
      "The policies this scope leaves out, shown with the value it inherits (the setup's resource_server_defaults, else the built-in default).",
  })
  declare inherited: string[];
}

export class ResourceServerViewDto extends OmitType(ResourceServerDto, ['valid_from', 'scopes'] as const) {
  @ApiProperty({ example: '7c1e9a4b2d3f405e8a6b7c8d9e0f1a2b' })
  resourceServerId: string;

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

  @ApiProperty({ type: [ScopeViewDto] })
  scopes: ScopeViewDto[];
}
