import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { SetupDeletedEvent } from '@app/setups';
import { ResourceServerDeletedEvent } from '../events/resource-server.events';

/** The resource servers deleted with their setup are announced one by one, like any other deletion. */
@EventsHandler(SetupDeletedEvent)
export class SetupDeletedHandler implements IEventHandler<SetupDeletedEvent> {
  constructor(private readonly eventBus: EventBus) {}

  handle(event: SetupDeletedEvent): void {
    this.eventBus.publishAll(
      event.resourceServers.map(
        (r) => new ResourceServerDeletedEvent(event.setupId, r.resourceServerId, r.snapshotId, r.validFrom, event.actor, event.occurredAt, true),
      ),
    );
  }
}
