import { Query } from '@nestjs/cqrs';
import type { ResourceServerRead } from '../../resource-server-view';

export class GetResourceServerSnapshotQuery extends Query<ResourceServerRead> {
  constructor(
    readonly setupId: string,
    readonly resourceServerId: string,
    readonly snapshotId: string,
  ) {
    super();
  }
}
