import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { ClientCreatedEvent, ClientUpdatedEvent } from '@app/clients';
import type { DomainEvent } from '@app/core';
import { ResourceServerCreatedEvent, ResourceServerUpdatedEvent } from '@app/resource-servers';
import { SetupCreatedEvent, SetupUpdatedEvent } from '@app/setups';
import { ActivationJob, ACTIVATION_POLL_MS } from './activation.job';

/** A schedule due before the next poll arms the activation timer right away. */
@EventsHandler(
  SetupCreatedEvent,
  SetupUpdatedEvent,
  ClientCreatedEvent,
  ClientUpdatedEvent,
  ResourceServerCreatedEvent,
  ResourceServerUpdatedEvent,
)
export class ScheduleWrittenHandler implements IEventHandler<DomainEvent> {
  constructor(private readonly job: ActivationJob) {}

  handle(event: DomainEvent): void {
    const dueIn = event.validFrom ? event.validFrom.getTime() - event.occurredAt.getTime() : 0;
    if (dueIn > 0 && dueIn <= ACTIVATION_POLL_MS) void this.job.run();
  }
}
