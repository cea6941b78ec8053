import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetClientSnapshotQuery, ListClientSnapshotsQuery } from '@app/clients';
import { Clock } from '@app/core';
import { GetResourceServerSnapshotQuery, ListResourceServerSnapshotsQuery } from '@app/resource-servers';
import { GetSetupSnapshotQuery, ListSetupSnapshotsQuery } from '@app/setups';
import type { EntityKind } from './change-set-document';
import { type Body, clientBody, resourceServerBody, setupBody } from './export-form';

/** One versioned entity: the setup itself (entityId = setupId), or a client or resource server of it. */
export interface EntityRef {
  kind: EntityKind;
  setupId: string;
  entityId: string;
}

/** Snapshots in document form (own values only, no secret), read through the libraries' queries. */
@Injectable()
export class SnapshotBodies {
  constructor(
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  async body(ref: EntityRef, snapshotId: string): Promise<Body> {
    const { kind, setupId, entityId } = ref;
    if (kind === 'setup')
      return setupBody((await this.queries.execute(new GetSetupSnapshotQuery(setupId, snapshotId))).view);
    if (kind === 'client')
      return clientBody((await this.queries.execute(new GetClientSnapshotQuery(setupId, entityId, snapshotId))).view);
    return resourceServerBody(
      (await this.queries.execute(new GetResourceServerSnapshotQuery(setupId, entityId, snapshotId))).view,
    );
  }

  /** The id of the snapshot in force now, or null (not valid yet). */
  async inForceNow(ref: EntityRef): Promise<string | null> {
    const { kind, setupId, entityId } = ref;
    const now = this.clock.now();
    const query =
      kind === 'setup'
        ? new ListSetupSnapshotsQuery(setupId, now)
        : kind === 'client'
          ? new ListClientSnapshotsQuery(setupId, entityId, now)
          : new ListResourceServerSnapshotsQuery(setupId, entityId, now);
    const { snapshotIds } = await this.queries.execute(query);
    return snapshotIds[0] ?? null;
  }
}
