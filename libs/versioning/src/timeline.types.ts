import type { NotFoundError } from '@app/core';
import type { Precondition } from './precondition';
import type {
  SnapshotEntityBase,
  SnapshotMetadataBase,
  SnapshotScopeBase,
  VersionedEntityBase,
} from './versioned.entities';

export interface MetadataItem {
  name: string;
  value?: string;
  locale?: string;
}

/** What the timeline needs to know about one kind of versioned entity. */
export interface TimelineSpec<E extends VersionedEntityBase, S extends SnapshotEntityBase<C>, C> {
  /** For messages: "client", "setup", "resource server". */
  label: string;
  entity: new () => E;
  snapshot: new () => S;
  metadata: new () => SnapshotMetadataBase;
  /** Where the scope names of each snapshot are kept as rows (resource servers and clients), if anywhere. */
  scopes?: new () => SnapshotScopeBase;
  /** The snapshot table's owner column, e.g. client_id. */
  ownerColumn: string;
  notFound(id: string): NotFoundError;
  /** The searchable fields of a definition. */
  describe(content: C): {
    name?: string | null;
    owner?: string | null;
    metadata?: readonly MetadataItem[] | null;
    scopes?: readonly string[] | null;
  };
  /** A column of the entity row worth returning with activations, e.g. a client's setup id. */
  parentProperty?: keyof E & string;
}

/** The snapshot to write, computed once the entity is locked. */
export interface Prepared<S, C> {
  content: C;
  extra?: SnapshotExtra<S>;
}

export interface LoadOptions {
  lock?: boolean;
  precondition?: Precondition;
  /** Soft-deleted entities too (nevisMeta's includeSoftDeletedStates, and snapshot reads by id). */
  includeDeleted?: boolean;
}

export interface EditOptions {
  validFrom?: Date;
  replaceActive?: boolean;
  precondition?: Precondition;
}

/** Kind-specific snapshot columns (e.g. a client's sealed secret). */
export type SnapshotExtra<S> = Partial<Omit<S, keyof SnapshotEntityBase>>;

export interface Activation {
  ownerId: string;
  parentId?: string;
  snapshotId: string;
  validFrom: Date;
  previousSnapshotId: string | null;
  /** Due snapshots that a later due one overtook: they go straight to historical, unannounced. */
  skippedSnapshotIds: string[];
}

export interface AppendResult<S> {
  snapshot: S;
  /** True when the snapshot took effect at once, false when it is scheduled. */
  immediate: boolean;
  revision: number;
}
