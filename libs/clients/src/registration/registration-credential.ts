import type { Actor } from '@app/core';

/**
 * What a registration request presented: an API principal (admin, or a user registering a client
 * it will own), a bearer token that is no API token (perhaps an initial access token), or nothing.
 */
export type RegistrationCredential =
  { kind: 'principal'; actor: Actor } | { kind: 'bearer'; token: string } | { kind: 'none' };

/**
 * The actor of a change made with a registration access token or by a self-registering client: the
 * client itself. The token addresses exactly one client, so it stands in for the owner check.
 */
export function clientActor(oauthClientId: string): Actor {
  return { subject: `client:${oauthClientId}`, admin: true };
}
