import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { ClientCreatedEvent, ClientDeletedEvent, ClientSnapshotActivatedEvent, ClientUpdatedEvent } from '@app/clients';
import type { DomainEvent } from '@app/core';
import { SetupCreatedEvent, SetupDeletedEvent, SetupSnapshotActivatedEvent, SetupUpdatedEvent } from '@app/setups';
import { AuditTrail } from '../audit-trail';

/** Every domain event becomes one audit entry: who did what to which entity and snapshot, and when. */
@EventsHandler(
  SetupCreatedEvent,
  SetupUpdatedEvent,
  SetupSnapshotActivatedEvent,
  SetupDeletedEvent,
  ClientCreatedEvent,
  ClientUpdatedEvent,
  ClientSnapshotActivatedEvent,
  ClientDeletedEvent,
)
export class DomainEventsAuditHandler implements IEventHandler<DomainEvent> {
  constructor(private readonly trail: AuditTrail) {}

  handle(event: DomainEvent): Promise<void> {
    return this.trail.record({
      eventId: event.eventId,
      occurredAt: event.occurredAt,
      actor: event.actor,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      setupId: event.setupId,
      snapshotId: event.snapshotId,
      details: event.details(),
    });
  }
}
