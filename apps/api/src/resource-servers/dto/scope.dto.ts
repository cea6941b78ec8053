import { SCOPE_POLICIES } from '@app/resource-servers';
import { Matches, MaxLength } from 'class-validator';
import { MetadataItemDto } from '../../http/metadata-item.dto';
import { EnumField, NestedField, SCOPE_TOKEN, StringArrayField, StringField } from '../../http/validators';

/** A JWT claim name: printable, no spaces. */
const CLAIM_NAME = /^[\x21-\x7E]+$/;

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

  @policy('a request that forces re-authentication', 'consent_required')
  policy_force_reauthentication?: string;

  @StringArrayField(
    {
      maxItems: 100,
      unique: true,
      example: ['account_ids'],
      description: 'Names of the claims that tokens carry when this scope is granted.',
    },
    Matches(CLAIM_NAME, { each: true, message: '$property must hold claim names (printable ASCII, no spaces)' }),
    MaxLength(255, { each: true }),
  )
  custom_claims?: string[];
}
