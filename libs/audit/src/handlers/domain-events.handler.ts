import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { ClientCreatedEvent, ClientDeletedEvent, ClientSnapshotActivatedEvent, ClientUpdatedEvent } from '@app/clients';
import type { DomainEvent } from '@app/core';
import {
  ResourceServerCreatedEvent,
  ResourceServerDeletedEvent,
  ResourceServerSnapshotActivatedEvent,
  ResourceServerUpdatedEvent,
} from '@app/resource-servers';
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
  ResourceServerCreatedEvent,
  ResourceServerUpdatedEvent,
  ResourceServerSnapshotActivatedEvent,
  ResourceServerDeletedEvent,
)
export class DomainEventsAuditHandler implements IEventHandler<DomainEvent> {
  constructor(private readonly trail: AuditTrail) {}

  /**
   * Synchronous on purpose: the CQRS bus keeps a subscription for every handler promise still pending,
   * and removing each from that list costs O(n); 100,000 activations announced at once made that
   * quadratic. The trail writes in the background and logs its own failures.
   */
  handle(event: DomainEvent): void {
    void this.trail.record({
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
