import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, EventOutbox, newId } from '@app/core';
import { SetupCreatedEvent } from '../../events/setup.events';
import { SetupTimeline } from '../../setup.timeline';
import { CreateSetupCommand } from './create-setup.command';

@CommandHandler(CreateSetupCommand)
export class CreateSetupHandler implements ICommandHandler<CreateSetupCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: SetupTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ definition, validFrom, actor }: CreateSetupCommand) {
    const now = this.clock.now();
    const setupId = newId();
    const { snapshot } = await this.events.run(
      (em) => this.timeline.create(em, { id: setupId }, definition, validFrom, now),
      ({ snapshot }) => new SetupCreatedEvent(setupId, setupId, snapshot.id, snapshot.validFrom, actor.subject, now),
    );
    return { setupId, snapshotId: snapshot.id, validFrom: snapshot.validFrom };
  }
}
