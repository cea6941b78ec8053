import type { MetadataItem, ResourceServerDefaults, ScopePolicy } from '@app/setups';

export const SCOPE_POLICIES = [
  'consent_required',
  'consent_persisted',
  'no_consent',
  'not_allowed',
] as const satisfies readonly ScopePolicy[];

/** The policies a scope has; each one the scope leaves out comes from its setup. */
export const POLICY_FIELDS = [
  'policy_implicit_flow',
  'policy_authorization_code_flow',
  'policy_refresh_token',
  'policy_force_reauthentication',
] as const;
export type PolicyField = (typeof POLICY_FIELDS)[number];

/** The member of the setup's resource_server_defaults a scope policy inherits from (nevisMeta's names). */
export const DEFAULT_OF: Record<PolicyField, keyof ResourceServerDefaults> = {
  policy_implicit_flow: 'scope_policy_implicit_flow',
  policy_authorization_code_flow: 'scope_policy_authorization_code_flow',
  policy_refresh_token: 'scope_policy_refresh_token',
  policy_force_reauthentication: 'scope_policy_force_reauthentication',
};

/**
 * What a scope gets when neither it nor its setup's resource_server_defaults say: the user consents
 * to what an interactive flow asks for, a refresh (which has no user present) needs no consent, and
 * no re-authentication is forced.
 */
export const BUILT_IN_SCOPE_POLICIES: Required<ResourceServerDefaults> = {
  scope_policy_implicit_flow: 'consent_required',
  scope_policy_authorization_code_flow: 'consent_required',
  scope_policy_refresh_token: 'no_consent',
  scope_policy_force_reauthentication: false,
};

/** The longest `custom_claims` string a scope may carry. */
export const CUSTOM_CLAIMS_MAX_LENGTH = 4096;

export interface ScopeDefinition {
  name: string;
  metadata?: MetadataItem[];
  policy_implicit_flow?: ScopePolicy;
  policy_authorization_code_flow?: ScopePolicy;
  policy_refresh_token?: ScopePolicy;
  /** Whether asking for this scope forces the user to authenticate again. */
  policy_force_reauthentication?: boolean;
  /** nevisMeta's free-form custom claims of the scope (a string; nevisMeta documents no format). */
  custom_claims?: string;
}

/** The complete configuration of a resource server (an API of the setup), as one snapshot stores it. */
export interface ResourceServerDefinition {
  name?: string;
  owner?: string;
  comment?: string;
  uri?: string;
  metadata?: MetadataItem[];
  scopes: ScopeDefinition[];
}
