import { Query } from '@nestjs/cqrs';
import type { ClientRead } from '../../../client-view';

/** RFC 7592 §2.1: a client reads its own registration with its registration access token. */
export class GetRegisteredClientQuery extends Query<ClientRead> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
    readonly token: string | undefined,
  ) {
    super();
  }
}
