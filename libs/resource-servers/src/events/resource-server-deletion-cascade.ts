import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventOutbox } from '@app/core';
import { SetupContents, SetupDeletedEvent } from '@app/setups';
import { ResourceServerTimeline } from '../resource-server.timeline';
import { ResourceServerDeletedEvent } from './resource-server.events';

/**
 * A setup deletion lists the setup's resource servers through this library (with the snapshot in
 * force), and the resource servers deleted with their setup are announced one by one, like any other deletion,
 * and recorded in the setup deletion's own transaction.
 */
@Injectable()
export class ResourceServerDeletionCascade implements OnModuleInit {
  constructor(
    private readonly events: EventOutbox,
    private readonly contents: SetupContents,
    private readonly timeline: ResourceServerTimeline,
  ) {}

  onModuleInit(): void {
    this.contents.register({
      resourceServers: async (em, setupId, at) =>
        (await this.timeline.ofParent(em, setupId, at)).map((r) => ({
          resourceServerId: r.id,
          snapshotId: r.snapshotId,
          validFrom: r.validFrom,
        })),
      remove: (em, setupId, deletion) => this.timeline.removeOfParent(em, setupId, deletion),
    });
    this.events.derive(SetupDeletedEvent, (event) =>
      event.resourceServers.map(
        (r) =>
          new ResourceServerDeletedEvent(
            event.setupId,
            r.resourceServerId,
            r.snapshotId,
            r.validFrom,
            event.actor,
            event.occurredAt,
            true,
          ),
      ),
    );
  }
}
