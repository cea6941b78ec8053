import type { MetadataItem, ResourceServerDefaults, ScopePolicy } from '@app/setups';

export const SCOPE_POLICIES = [
  'consent_required',
  'consent_persisted',
  'no_consent',
  'not_allowed',
] as const satisfies readonly ScopePolicy[];

/** The per-flow policies a scope has; each one the scope leaves out comes from its setup. */
export const POLICY_FIELDS = [
  'policy_implicit_flow',
  'policy_authorization_code_flow',
  'policy_refresh_token',
  'policy_force_reauthentication',
] as const;
export type PolicyField = (typeof POLICY_FIELDS)[number];

/**
 * What a scope gets when neither it nor its setup's resource_server_defaults say: the user consents
 * to what an interactive flow asks for, and a refresh (which has no user present) needs no consent.
 */
export const BUILT_IN_SCOPE_POLICIES: Required<ResourceServerDefaults> = {
  policy_implicit_flow: 'consent_required',
  policy_authorization_code_flow: 'consent_required',
  policy_refresh_token: 'no_consent',
  policy_force_reauthentication: 'consent_required',
};

export interface ScopeDefinition {
  name: string;
  metadata?: MetadataItem[];
  policy_implicit_flow?: ScopePolicy;
  policy_authorization_code_flow?: ScopePolicy;
  policy_refresh_token?: ScopePolicy;
  policy_force_reauthentication?: ScopePolicy;
  /** The names of the claims that tokens carry when this scope is granted. */
  custom_claims?: string[];
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
