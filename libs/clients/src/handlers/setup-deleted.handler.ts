import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { SetupDeletedEvent } from '@app/setups';
import { ClientDeletedEvent } from '../events/client.events';

/** The clients deleted with their setup are announced one by one, like any other client deletion. */
@EventsHandler(SetupDeletedEvent)
export class SetupDeletedHandler implements IEventHandler<SetupDeletedEvent> {
  constructor(private readonly eventBus: EventBus) {}

  handle(event: SetupDeletedEvent): void {
    this.eventBus.publishAll(
      event.clients.map(
        (c) => new ClientDeletedEvent(event.setupId, c.clientId, c.snapshotId, c.validFrom, event.actor, event.occurredAt, c.oauthClientId, true),
      ),
    );
  }
}
