import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventOutbox } from '@app/core';
import { SetupDeletedEvent } from '@app/setups';
import { ClientDeletedEvent } from './client.events';

/**
 * The clients deleted with their setup are announced one by one, like any other client deletion, and
 * recorded in the setup deletion's own transaction: none is lost if the process stops right after it.
 */
@Injectable()
export class ClientDeletionCascade implements OnModuleInit {
  constructor(private readonly events: EventOutbox) {}

  onModuleInit(): void {
    this.events.derive(SetupDeletedEvent, (event) =>
      event.clients.map(
        (c) =>
          new ClientDeletedEvent(
            event.setupId,
            c.clientId,
            c.snapshotId,
            c.validFrom,
            event.actor,
            event.occurredAt,
            c.oauthClientId,
            true,
          ),
      ),
    );
  }
}
