import { Query } from '@nestjs/cqrs';
import type { ResourceServerRead } from '../resource-server-view';

export interface ResourceServerFilter {
  name?: string;
  owner?: string;
  metadata?: Array<{ name: string; value: string }>;
  /** An instant, or 'any' for resource servers with a snapshot at any time. Default: now. */
  validAt?: Date | 'any';
}

/** GET .../resource-servers/:id: the snapshot in force now. */
export class GetResourceServerQuery extends Query<ResourceServerRead> {
  constructor(
    readonly setupId: string,
    readonly resourceServerId: string,
  ) {
    super();
  }
}

export class ListResourceServersQuery extends Query<{ resourceServerIds: string[] }> {
  constructor(
    readonly setupId: string,
    readonly filter: ResourceServerFilter,
  ) {
    super();
  }
}

export class ListResourceServerSnapshotsQuery extends Query<{ snapshotIds: string[] }> {
  constructor(
    readonly setupId: string,
    readonly resourceServerId: string,
    readonly validAt?: Date,
  ) {
    super();
  }
}

export class GetResourceServerSnapshotQuery extends Query<ResourceServerRead> {
  constructor(
    readonly setupId: string,
    readonly resourceServerId: string,
    readonly snapshotId: string,
  ) {
    super();
  }
}
