import { Query } from '@nestjs/cqrs';

/** Translates an OAuth client_id into the internal id. */
export class ClientByOauthIdQuery extends Query<{ clientId: string }> {
  constructor(
    readonly setupId: string,
    readonly oauthClientId: string,
  ) {
    super();
  }
}
