import { Query } from '@nestjs/cqrs';
import type { PatchOperation } from '@app/core';
import type { EntityRef } from '../../snapshot-bodies';

export interface SnapshotDiff {
  from: string;
  to: string;
  /** RFC 6902: applied to `from`'s body it gives `to`'s (own values, secrets never shown). */
  patch: PatchOperation[];
}

/** The JSON Patch between two snapshots of one entity; `to` absent: the snapshot in force now. */
export class SnapshotDiffQuery extends Query<SnapshotDiff> {
  constructor(
    readonly entity: EntityRef,
    readonly snapshotId: string,
    readonly toSnapshotId: string | undefined,
  ) {
    super();
  }
}
