import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { SetupDeletedEvent, SetupSnapshotActivatedEvent, SetupUpdatedEvent } from '@app/setups';
import {
  ClientCreatedEvent,
  ClientDeletedEvent,
  ClientSnapshotActivatedEvent,
  ClientUpdatedEvent,
} from '../../events/client.events';
import { ClientConfigurationCache } from './client-configuration.cache';

type Invalidating =
  | ClientCreatedEvent
  | ClientUpdatedEvent
  | ClientSnapshotActivatedEvent
  | ClientDeletedEvent
  | SetupUpdatedEvent
  | SetupSnapshotActivatedEvent
  | SetupDeletedEvent;

/**
 * Drops the cached configurations a committed change affects: the client's own, or every client of a
 * setup whose defaults (which clients inherit) changed. Resource-server changes leave clients as they are.
 */
@EventsHandler(
  ClientCreatedEvent,
  ClientUpdatedEvent,
  ClientSnapshotActivatedEvent,
  ClientDeletedEvent,
  SetupUpdatedEvent,
  SetupSnapshotActivatedEvent,
  SetupDeletedEvent,
)
export class ClientConfigurationInvalidationHandler implements IEventHandler<Invalidating> {
  constructor(private readonly cache: ClientConfigurationCache) {}

  handle(event: Invalidating): void {
    if (event.entityType === 'setup') return this.cache.forSetup(event.setupId);
    const oauthClientId =
      event instanceof ClientCreatedEvent || event instanceof ClientDeletedEvent ? event.oauthClientId : undefined;
    this.cache.forClient(event.setupId, event.entityId, oauthClientId);
  }
}
