/**
 * Who may register clients of a setup through RFC 7591 dynamic registration, and what a client that
 * registers itself may ask for (modelled on Keycloak's client registration policies):
 * - `administrators` (default): only callers with an API role, as for every other client write;
 * - `initial_access_token`: also holders of an initial access token an administrator issued (RFC 7591 §3);
 * - `anyone`: also callers without any token (open registration, for closed networks).
 */
export const REGISTRATION_ACCESS = ['administrators', 'initial_access_token', 'anyone'] as const;
export type RegistrationAccess = (typeof REGISTRATION_ACCESS)[number];

/** RFC 8252 §7.1 private-use schemes: refused, or reverse-domain names (`com.example.app:/cb`). */
export const PRIVATE_USE_SCHEME_POLICIES = ['none', 'reverse_domain'] as const;
export type PrivateUseSchemePolicy = (typeof PRIVATE_USE_SCHEME_POLICIES)[number];

export interface AllowedRedirectUris {
  /** Hosts an https redirect URI may name: exact (`app.example.com`) or `*.example.com` (any subdomain). Absent: any. */
  https_hosts?: string[];
  /** RFC 8252 §7.3 loopback redirects (http on 127.0.0.1, [::1] or localhost, any port). Default true. */
  loopback?: boolean;
  /** Default reverse_domain. */
  private_use_schemes?: PrivateUseSchemePolicy;
}

/** A limit that is absent does not restrict; the client rules of the registry always apply. */
export interface RegistrationPolicy {
  access?: RegistrationAccess;
  allowed_grant_types?: string[];
  allowed_token_endpoint_auth_methods?: string[];
  allowed_redirect_uris?: AllowedRedirectUris;
  allowed_scopes?: string[];
  /** The most clients the setup may have for a self-registration to be accepted. */
  max_clients?: number;
}
