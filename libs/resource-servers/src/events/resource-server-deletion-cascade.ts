import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventOutbox } from '@app/core';
import { SetupDeletedEvent } from '@app/setups';
import { ResourceServerDeletedEvent } from './resource-server.events';

/**
 * The resource servers deleted with their setup are announced one by one, like any other deletion,
 * and recorded in the setup deletion's own transaction.
 */
@Injectable()
export class ResourceServerDeletionCascade implements OnModuleInit {
  constructor(private readonly events: EventOutbox) {}

  onModuleInit(): void {
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
