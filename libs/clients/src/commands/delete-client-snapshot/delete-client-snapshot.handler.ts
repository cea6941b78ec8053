import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, EventOutbox } from '@app/core';
import { ClientTimeline } from '../../client.timeline';
import { ClientUpdatedEvent } from '../../events/client.events';
import { DeleteClientSnapshotCommand } from './delete-client-snapshot.command';

@CommandHandler(DeleteClientSnapshotCommand)
export class DeleteClientSnapshotHandler implements ICommandHandler<DeleteClientSnapshotCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: ClientTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, clientId, snapshotId, precondition, actor }: DeleteClientSnapshotCommand) {
    const now = this.clock.now();
    const { revision } = await this.events.run(async (em) => {
      const entity = await this.timeline.loadInSetup(em, setupId, clientId, { lock: true, precondition });
      await this.timeline.assertMayChange(em, clientId, actor, now);
      return this.timeline.deleteScheduled(em, entity, snapshotId, now);
    }, ({ snapshot }) => new ClientUpdatedEvent(setupId, clientId, snapshot.id, snapshot.validFrom, actor.subject, now, 'snapshot-deleted'));
    return { revision };
  }
}
