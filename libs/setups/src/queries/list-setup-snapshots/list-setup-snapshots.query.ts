import { Query } from '@nestjs/cqrs';

export class ListSetupSnapshotsQuery extends Query<{ snapshotIds: string[] }> {
  constructor(
    readonly setupId: string,
    readonly validAt?: Date,
    /** nevisMeta's includeSoftDeletedStates: the snapshots of a deleted setup too. */
    readonly includeDeleted = false,
  ) {
    super();
  }
}
