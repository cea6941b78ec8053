import { Query } from '@nestjs/cqrs';
import type { ClientConfiguration } from './client-configuration';

/**
 * What an authorization server needs to know about one client, by its OAuth client_id: the
 * configuration in force now, with the secret in force and the rotated-out ones still in grace.
 */
export class GetClientConfigurationQuery extends Query<ClientConfiguration> {
  constructor(
    readonly setupId: string,
    readonly oauthClientId: string,
  ) {
    super();
  }
}
