import { MetadataItemDto } from '../../http/metadata-item.dto';
import { InstantField, NestedField, StringField } from '../../http/validators';
import { ClientDefaultsDto } from './client-defaults.dto';
import { RegistrationPolicyDto } from './registration-policy.dto';
import { ResourceServerDefaultsDto } from './resource-server-defaults.dto';

/** The body of POST and PUT .../setups: a setup's complete definition. */
export class SetupBodyDto {
  @StringField({
    required: true,
    maxLength: 255,
    pattern: /\S/,
    patternMessage: 'name must not be blank',
    example: 'Retail banking',
    description: 'Required (the one required member, as in nevisMeta); not blank.',
  })
  name!: string;

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
    example: '2026-01-01T00:00:00Z',
    description: 'When this configuration takes effect; absent or past means at once.',
  })
  valid_from?: string;
}
