import type { FieldError } from '@app/core';
import { type ResourceServerDefinition, resourceServerDefinitionErrors } from '@app/resource-servers';
import { MAX_REPORTED_ERRORS } from '../../http/field-errors';
import { MetadataItemDto } from '../../http/metadata-item.dto';
import { InstantField, NestedField, StringField, UrlField } from '../../http/validators';
import { ScopeDto } from './scope.dto';

/** The body of POST and PUT .../resource-servers: a resource server's complete definition. */
export class ResourceServerBodyDto {
  static readonly problemCode = 'INVALID_REQUEST';

  /** Scope names unique within the resource server, metadata (name, locale) unique; on the well-typed fields. */
  static crossFieldErrors(dto: ResourceServerBodyDto): FieldError[] {
    // One more than is reported: enough for the answer to say that some were left out.
    return resourceServerDefinitionErrors(dto as unknown as Partial<ResourceServerDefinition>, MAX_REPORTED_ERRORS + 1);
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
    example: '2026-01-01T00:00:00Z',
    description: 'When this configuration takes effect (ISO-8601 with offset); absent or past means at once.',
  })
  valid_from?: string;
}
