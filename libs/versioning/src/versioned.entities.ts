import { Column, PrimaryColumn } from 'typeorm';
import { epochMs, jsonText } from '@app/core';

/**
 * What the scheduler records: `scheduled` until the snapshot has been dealt with (activated and
 * announced, or overtaken), then `settled`. Whether a snapshot is active or historical is not stored:
 * it follows from valid_from, so activating one snapshot writes one row instead of two.
 */
export type RecordedState = 'scheduled' | 'settled';

/**
 * Columns every versioned entity row has (setups, clients, resource servers). The row carries
 * identity and bookkeeping only; the configuration lives in its snapshots.
 */
export abstract class VersionedEntityBase {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  /** The snapshot the scheduler (or an immediate edit) last recorded as active; reads do not depend on it. */
  @Column({ name: 'active_snapshot_id', type: 'varchar', length: 32, nullable: true })
  activeSnapshotId: string | null;

  /**
   * Incremented by every write to the entity or its snapshots; the ETag is derived from it. (No
   * `default` here: TypeORM would read every inserted row back to learn it; the code always sets it.)
   */
  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: Date;

  /** Soft-deleted states: when the entity was deleted (reads then answer 404), until the retention purges it. */
  @Column({ name: 'deleted_at', type: 'bigint', nullable: true, transformer: epochMs })
  deletedAt: Date | null;

  @Column({ name: 'deleted_by', type: 'varchar', length: 255, nullable: true })
  deletedBy: string | null;
}

/**
 * One immutable, complete, dated copy of an entity's configuration. Subclasses add `ownerId`,
 * mapped to their table's owner column (setup_id, client_id, ...).
 */
export abstract class SnapshotEntityBase<C = unknown> {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  abstract ownerId: string;

  @Column({ name: 'valid_from', type: 'bigint', transformer: epochMs })
  validFrom: Date;

  /** See RecordedState; the state a reader sees is derived (SnapshotTimeline.stateOf). */
  @Column({ type: 'varchar', length: 16 })
  state: RecordedState;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  owner: string | null;

  @Column({ type: 'text', transformer: jsonText })
  content: C;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: Date;
}

/** One metadata item of a snapshot, as a row, so that listings can filter on it with an index. */
export abstract class SnapshotMetadataBase {
  @PrimaryColumn({ name: 'snapshot_id', type: 'varchar', length: 32 })
  snapshotId: string;

  @PrimaryColumn({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 4096, nullable: true })
  value: string | null;

  @Column({ type: 'varchar', length: 35, nullable: true })
  locale: string | null;
}

/**
 * One scope name of a snapshot, as a row: which scopes a resource server declares, or a client asks
 * for, at an instant is then an indexed join, not a scan of every snapshot's JSON.
 */
export abstract class SnapshotScopeBase {
  @PrimaryColumn({ name: 'snapshot_id', type: 'varchar', length: 32 })
  snapshotId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  name: string;
}
