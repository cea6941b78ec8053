import { BooleanField, EnumField } from '../../http/validators';

const POLICIES = ['consent_required', 'consent_persisted', 'no_consent', 'not_allowed'];

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
