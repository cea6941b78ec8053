import type { ClientDefaults } from '@app/setups';
import { inheritedFields } from '../../client-defaults';
import { type ClientDefinition, type Jwk, TLS_CLIENT_AUTH_SUBJECT_MEMBERS } from '../../client-definition';

/**
 * A client as an authorization server consumes it: RFC 7591 client metadata (with the registry's
 * defaults and the setup's inherited values made explicit), the secrets it may authenticate with,
 * the nevisMeta settings a server enforces (PKCE, lifetimes), and where it comes from in the registry.
 */
export interface ClientConfiguration {
  client_id: string;
  client_id_issued_at: number;
  client_name?: string;
  redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: string;
  scope?: string;
  contacts?: string[];
  client_uri?: string;
  logo_uri?: string;
  tos_uri?: string;
  policy_uri?: string;
  jwks?: { keys: Jwk[] };
  jwks_uri?: string;
  id_token_signed_response_alg?: string;
  id_token_encrypted_response_alg?: string;
  id_token_encrypted_response_enc?: string;
  require_pushed_authorization_requests?: boolean;
  tls_client_auth_subject_dn?: string;
  tls_client_auth_san_dns?: string;
  tls_client_auth_san_uri?: string;
  tls_client_auth_san_ip?: string;
  tls_client_auth_san_email?: string;
  /** The secret in force (secret-based methods only); RFC 7591 pairs it with client_secret_expires_at (0: never). */
  client_secret?: string;
  client_secret_expires_at?: number;
  /** Secrets a rotation replaced, still accepted until `expires_at` (ISO-8601). */
  previous_client_secrets: Array<{ client_secret: string; expires_at: string }>;
  confidentiality_type: string;
  pkce_mode: string;
  access_token_ttl?: number;
  refresh_token_ttl?: number;
  id_token_ttl?: number;
  persisted_consent_ttl?: number;
  force_reauthentication?: boolean;
  registry: {
    setup_id: string;
    entity_id: string;
    snapshot_id: string;
    valid_from: string;
    /** The next instant at which this answer changes (a scheduled snapshot of the client or its setup), or null. */
    next_change_at: string | null;
  };
}

/** The configuration without its secrets: what the registry caches (secrets stay sealed until served). */
export type ClientConfigurationBody = Omit<
  ClientConfiguration,
  'client_secret' | 'client_secret_expires_at' | 'previous_client_secrets'
>;

/** RFC 7591 members whose V2 name is the same, copied when present. */
const SAME_NAME = [
  'redirect_uris',
  'contacts',
  'client_uri',
  'logo_uri',
  'tos_uri',
  'policy_uri',
  'jwks',
  'jwks_uri',
  'id_token_signed_response_alg',
  'id_token_encrypted_response_alg',
  'id_token_encrypted_response_enc',
  'require_pushed_authorization_requests',
  ...TLS_CLIENT_AUTH_SUBJECT_MEMBERS,
  'access_token_ttl',
  'refresh_token_ttl',
  'id_token_ttl',
  'persisted_consent_ttl',
  'force_reauthentication',
] as const;

/**
 * The V2 definition in RFC 7591 terms, with every default a server would otherwise have to guess:
 * grant types and lifetimes inherited from the setup, response types, the auth method and the PKCE
 * mode that the V2 rules imply.
 */
export function toClientConfigurationBody(
  definition: ClientDefinition,
  defaults: ClientDefaults | undefined,
  source: {
    setupId: string;
    clientId: string;
    oauthClientId: string;
    createdAt: Date;
    snapshotId: string;
    validFrom: Date;
    nextChangeAt: number | null;
  },
): ClientConfigurationBody {
  const effective: ClientDefinition = { ...definition, ...inheritedFields(definition, defaults).values };
  const confidentiality = effective.confidentiality_type ?? 'confidential';
  const grantTypes = effective.grant_types ?? ['authorization_code'];
  const body: Record<string, unknown> = {
    client_id: source.oauthClientId,
    client_id_issued_at: Math.floor(source.createdAt.getTime() / 1000),
    ...(effective.name !== undefined ? { client_name: effective.name } : {}),
    grant_types: grantTypes,
    response_types: effective.response_types ?? (grantTypes.includes('authorization_code') ? ['code'] : []),
    token_endpoint_auth_method:
      effective.token_endpoint_auth_method ?? (confidentiality === 'public' ? 'none' : 'client_secret_basic'),
    ...(effective.scopes?.length ? { scope: effective.scopes.join(' ') } : {}),
    confidentiality_type: confidentiality,
    pkce_mode: effective.pkce_mode ?? (confidentiality === 'public' ? 's256_required' : 'allowed'),
  };
  for (const member of SAME_NAME) if (effective[member] !== undefined) body[member] = effective[member];
  body.redirect_uris ??= [];
  body.registry = {
    setup_id: source.setupId,
    entity_id: source.clientId,
    snapshot_id: source.snapshotId,
    valid_from: source.validFrom.toISOString(),
    next_change_at: source.nextChangeAt === null ? null : new Date(source.nextChangeAt).toISOString(),
  };
  return body as unknown as ClientConfigurationBody;
}
