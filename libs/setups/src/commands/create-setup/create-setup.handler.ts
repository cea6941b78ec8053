import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, newId, TransactionRunner } from '@app/core';
import { SetupCreatedEvent } from '../../events/setup.events';
import { SetupTimeline } from '../../setup.timeline';
import { CreateSetupCommand } from './create-setup.command';

@CommandHandler(CreateSetupCommand)
export class CreateSetupHandler implements ICommandHandler<CreateSetupCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly timeline: SetupTimeline,
    private readonly clock: Clock,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ definition, validFrom, actor }: CreateSetupCommand) {
    const now = this.clock.now();
    const setupId = newId();
    const { snapshot } = await this.tx.run((em) => this.timeline.create(em, { id: setupId }, definition, validFrom, now));
    this.eventBus.publish(new SetupCreatedEvent(setupId, setupId, snapshot.id, snapshot.validFrom, actor.subject, now));
    return { setupId, snapshotId: snapshot.id, validFrom: snapshot.validFrom };
  }
}
