import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, TransactionRunner } from '@app/core';
import { SetupUpdatedEvent } from '../../events/setup.events';
import { SetupTimeline } from '../../setup.timeline';
import { DeleteSetupSnapshotCommand } from './delete-setup-snapshot.command';

@CommandHandler(DeleteSetupSnapshotCommand)
export class DeleteSetupSnapshotHandler implements ICommandHandler<DeleteSetupSnapshotCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly timeline: SetupTimeline,
    private readonly clock: Clock,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ setupId, snapshotId, precondition, actor }: DeleteSetupSnapshotCommand) {
    const now = this.clock.now();
    const { snapshot, revision } = await this.tx.run((em) => this.timeline.removeSnapshot(em, setupId, snapshotId, precondition, now));
    this.eventBus.publish(new SetupUpdatedEvent(setupId, snapshot.id, snapshot.validFrom, actor.subject, now, 'snapshot-deleted'));
    return { revision };
  }
}
