import { Query } from '@nestjs/cqrs';

export class ListClientSnapshotsQuery extends Query<{ snapshotIds: string[] }> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
    readonly validAt?: Date,
    /** nevisMeta's includeSoftDeletedStates: the snapshots of a deleted client too. */
    readonly includeDeleted = false,
  ) {
    super();
  }
}
