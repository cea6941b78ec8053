import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { SetupCreatedEvent } from '@app/setups';
import { AuditTrail } from '../audit-trail';

@EventsHandler(SetupCreatedEvent)
export class SetupCreatedAuditHandler implements IEventHandler<SetupCreatedEvent> {
  constructor(private readonly trail: AuditTrail) {}

  handle(event: SetupCreatedEvent): Promise<void> {
    return this.trail.record({
      eventId: event.eventId,
      occurredAt: event.occurredAt,
      actor: event.actor,
      action: 'setup.created',
      entityType: 'setup',
      entityId: event.setupId,
      setupId: event.setupId,
      snapshotId: event.snapshotId,
      details: { valid_from: event.validFrom.toISOString() },
    });
  }
}
