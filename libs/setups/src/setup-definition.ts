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

export interface ResourceServerDefaults {
  policy_implicit_flow?: ScopePolicy;
  policy_authorization_code_flow?: ScopePolicy;
  policy_refresh_token?: ScopePolicy;
  policy_force_reauthentication?: ScopePolicy;
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
