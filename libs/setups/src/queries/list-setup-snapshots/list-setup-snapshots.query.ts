import { Query } from '@nestjs/cqrs';

export class ListSetupSnapshotsQuery extends Query<{ snapshotIds: string[] }> {
  constructor(
    readonly setupId: string,
    readonly validAt?: Date,
  ) {
    super();
  }
}
