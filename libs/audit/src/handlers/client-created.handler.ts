import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { ClientCreatedEvent } from '@app/clients';
import { AuditTrail } from '../audit-trail';

@EventsHandler(ClientCreatedEvent)
export class ClientCreatedAuditHandler implements IEventHandler<ClientCreatedEvent> {
  constructor(private readonly trail: AuditTrail) {}

  handle(event: ClientCreatedEvent): Promise<void> {
    return this.trail.record({
      eventId: event.eventId,
      occurredAt: event.occurredAt,
      actor: event.actor,
      action: 'client.created',
      entityType: 'client',
      entityId: event.clientId,
      setupId: event.setupId,
      snapshotId: event.snapshotId,
      details: { client_id: event.oauthClientId, valid_from: event.validFrom.toISOString() },
    });
  }
}
