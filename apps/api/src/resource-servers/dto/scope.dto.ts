import { CUSTOM_CLAIMS_MAX_LENGTH, POLICY_FIELDS, SCOPE_POLICIES } from '@app/resource-servers';
import { IsIn } from 'class-validator';
import { MetadataItemDto } from '../../http/metadata-item.dto';
import {
  BooleanField,
  EnumField,
  NestedField,
  SCOPE_TOKEN,
  StringArrayField,
  StringField,
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
