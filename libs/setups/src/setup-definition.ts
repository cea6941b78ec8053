import type { RegistrationPolicy } from './registration-policy';

export type ScopePolicy = 'consent_required' | 'consent_persisted' | 'no_consent' | 'not_allowed';

export interface MetadataItem {
  name: string;
  value?: string;
  locale?: string;
}

export interface ClientDefaults {
  grant_types?: string[];
  access_token_ttl?: number;
  refresh_token_ttl?: number;
  id_token_ttl?: number;
  persisted_consent_ttl?: number;
  force_reauthentication?: boolean;
}

/** What the scopes of the setup's resource servers inherit, in nevisMeta's names (`scope_policy_*`). */
export interface ResourceServerDefaults {
  scope_policy_implicit_flow?: ScopePolicy;
  scope_policy_authorization_code_flow?: ScopePolicy;
  scope_policy_refresh_token?: ScopePolicy;
  /** Whether a scope forces the user to authenticate again. */
  scope_policy_force_reauthentication?: boolean;
}

/** The complete configuration of a setup, as one snapshot stores it. */
export interface SetupDefinition {
  name?: string;
  owner?: string;
  comment?: string;
  metadata?: MetadataItem[];
  client_defaults?: ClientDefaults;
  resource_server_defaults?: ResourceServerDefaults;
  /** RFC 7591 dynamic registration: who may register, and what self-registered clients may ask for. */
  registration_policy?: RegistrationPolicy;
}
