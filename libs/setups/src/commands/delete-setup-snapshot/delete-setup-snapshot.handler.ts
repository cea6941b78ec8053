import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, EventOutbox } from '@app/core';
import { SetupUpdatedEvent } from '../../events/setup.events';
import { SetupTimeline } from '../../setup.timeline';
import { DeleteSetupSnapshotCommand } from './delete-setup-snapshot.command';

@CommandHandler(DeleteSetupSnapshotCommand)
export class DeleteSetupSnapshotHandler implements ICommandHandler<DeleteSetupSnapshotCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: SetupTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, snapshotId, precondition, actor }: DeleteSetupSnapshotCommand) {
    const now = this.clock.now();
    const { revision } = await this.events.run(
      (em) => this.timeline.removeSnapshot(em, setupId, snapshotId, precondition, now),
      ({ snapshot }) =>
        new SetupUpdatedEvent(setupId, snapshot.id, snapshot.validFrom, actor.subject, now, 'snapshot-deleted'),
    );
    return { revision };
  }
}
