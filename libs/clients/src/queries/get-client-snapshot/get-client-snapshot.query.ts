import { Query } from '@nestjs/cqrs';
import type { ClientRead } from '../../client-view';

export class GetClientSnapshotQuery extends Query<ClientRead> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
    readonly snapshotId: string,
  ) {
    super();
  }
}
