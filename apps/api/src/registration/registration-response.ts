import type { ClientView } from '@app/clients';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfigService } from '@app/core';

/** Members of a stored client that RFC 7591 names differently, or not at all. */
const HIDDEN = new Set([
  'clientId',
  'snapshotId',
  'state',
  'valid_from',
  'client_secret_set',
  'confidentiality_type',
  'metadata',
  'name',
  'scopes',
  'owner',
  'inherited',
  'comment',
  'pkce_mode',
  'access_token_ttl',
  'refresh_token_ttl',
  'id_token_ttl',
  'persisted_consent_ttl',
  'force_reauthentication',
  'previous_client_secret_valid_until',
]);

/** The RFC 7591 §3.2.1 / RFC 7592 §3 client information response for a stored client. */
export function toClientInformation(
  view: ClientView,
  extras: {
    issuedAt?: Date;
    clientSecret?: string;
    registrationAccessToken: string;
    registrationClientUri: string;
  },
): Record<string, unknown> {
  const registered = Object.fromEntries(Object.entries(view).filter(([member]) => !HIDDEN.has(member)));
  const software = Object.fromEntries(
    (view.metadata ?? [])
      .filter((m) => m.name === 'software_id' || m.name === 'software_version')
      .map((m) => [m.name, m.value]),
  );
  return {
    client_id: view.client_id,
    ...(extras.clientSecret ? { client_secret: extras.clientSecret, client_secret_expires_at: 0 } : {}),
    ...(extras.issuedAt ? { client_id_issued_at: Math.floor(extras.issuedAt.getTime() / 1000) } : {}),
    registration_access_token: extras.registrationAccessToken,
    registration_client_uri: extras.registrationClientUri,
    ...registered,
    ...(view.name !== undefined ? { client_name: view.name } : {}),
    ...(view.scopes?.length ? { scope: view.scopes.join(' ') } : {}),
    ...software,
  };
}

/**
 * RFC 7592 §3: the fully qualified URL of a client's configuration endpoint, at PUBLIC_URL when it
 * is set (behind a proxy that terminates TLS), else at the scheme and Host of the request.
 */
export function registrationClientUri(
  request: FastifyRequest,
  config: AppConfigService,
  module: string,
  setupId: string,
  clientId: string,
): string {
  const prefix = config.values.apiPrefix ? `/${config.values.apiPrefix}` : '';
  const origin = config.values.publicUrl ?? `${request.protocol}://${request.host}`;
  return `${origin}${prefix}/v3/modules/${module}/setups/${setupId}/clients/${clientId}`;
}

/** Client information carries credentials: never cached (RFC 7591 §3.2.1). */
export function noStore(reply: FastifyReply): void {
  void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

/** The bearer token of a request, if it has one in the RFC 6750 §2.1 form. */
export function bearerToken(request: FastifyRequest): string | undefined {
  return /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(request.headers.authorization ?? '')?.[1];
}
