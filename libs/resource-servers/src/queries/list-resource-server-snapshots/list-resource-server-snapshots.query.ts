import { Query } from '@nestjs/cqrs';

export class ListResourceServerSnapshotsQuery extends Query<{ snapshotIds: string[] }> {
  constructor(
    readonly setupId: string,
    readonly resourceServerId: string,
    readonly validAt?: Date,
    /** nevisMeta's includeSoftDeletedStates: the snapshots of a deleted resource server too. */
    readonly includeDeleted = false,
  ) {
    super();
  }
}
