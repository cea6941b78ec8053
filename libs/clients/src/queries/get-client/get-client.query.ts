import { Query } from '@nestjs/cqrs';
import type { ClientRead } from '../../client-view';

export class GetClientQuery extends Query<ClientRead> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
  ) {
    super();
  }
}
