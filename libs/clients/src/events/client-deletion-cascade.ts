import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventOutbox } from '@app/core';
import { SetupContents, SetupDeletedEvent } from '@app/setups';
import { ClientTimeline } from '../client.timeline';
import { ClientDeletedEvent } from './client.events';

/**
 * A setup deletion lists the setup's clients through this library (with the snapshot in force), and the
 * clients deleted with their setup are announced one by one, like any other client deletion, and
 * recorded in the setup deletion's own transaction: none is lost if the process stops right after it.
 */
@Injectable()
export class ClientDeletionCascade implements OnModuleInit {
  constructor(
    private readonly events: EventOutbox,
    private readonly contents: SetupContents,
    private readonly timeline: ClientTimeline,
  ) {}

  onModuleInit(): void {
    this.contents.register({
      clients: async (em, setupId, at) =>
        (await this.timeline.ofParent(em, setupId, at, ['oauth_client_id'])).map((c) => ({
          clientId: c.id,
          oauthClientId: c.oauth_client_id,
          snapshotId: c.snapshotId,
          validFrom: c.validFrom,
        })),
      remove: (em, setupId, deletion) => this.timeline.removeOfParent(em, setupId, deletion),
    });
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
