import { EnumField } from '../../http/validators';

const POLICIES = ['consent_required', 'consent_persisted', 'no_consent', 'not_allowed'];

export class ResourceServerDefaultsDto {
  @EnumField(POLICIES, { example: 'consent_required' })
  policy_implicit_flow?: string;

  @EnumField(POLICIES, { example: 'consent_required' })
  policy_authorization_code_flow?: string;

  @EnumField(POLICIES, { example: 'no_consent' })
  policy_refresh_token?: string;

  @EnumField(POLICIES, { example: 'consent_required' })
  policy_force_reauthentication?: string;
}

/** The body of POST (and later PUT) .../setups: a setup's complete definition. */
