import { Query } from '@nestjs/cqrs';
import type { SetupRead } from '../setup-view';

export interface MetadataFilter {
  name: string;
  value: string;
}

export interface SetupFilter {
  name?: string;
  owner?: string;
  metadata?: MetadataFilter[];
  /** An instant, or 'any' for setups with a snapshot at any time (scheduled ones included). Default: now. */
  validAt?: Date | 'any';
}

/** GET .../setups/:setupId: the snapshot in force now. */
export class GetSetupQuery extends Query<SetupRead> {
  constructor(readonly setupId: string) {
    super();
  }
}

export class ListSetupsQuery extends Query<{ setupIds: string[] }> {
  constructor(readonly filter: SetupFilter) {
    super();
  }
}

export class ListSetupSnapshotsQuery extends Query<{ snapshotIds: string[] }> {
  constructor(
    readonly setupId: string,
    readonly validAt?: Date,
  ) {
    super();
  }
}

export class GetSetupSnapshotQuery extends Query<SetupRead> {
  constructor(
    readonly setupId: string,
    readonly snapshotId: string,
  ) {
    super();
  }
}
