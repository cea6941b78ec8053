import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, EventOutbox } from '@app/core';
import { ScopeCatalog } from '@app/resource-servers';
import { ClientPolicy } from '../../client-policy';
import { ClientTimeline } from '../../client.timeline';
import { ClientUpdatedEvent } from '../../events/client.events';
import { DeleteClientSnapshotCommand } from './delete-client-snapshot.command';

@CommandHandler(DeleteClientSnapshotCommand)
export class DeleteClientSnapshotHandler implements ICommandHandler<DeleteClientSnapshotCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: ClientTimeline,
    private readonly policy: ClientPolicy,
    private readonly catalog: ScopeCatalog,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, clientId, snapshotId, precondition, actor }: DeleteClientSnapshotCommand) {
    const now = this.clock.now();
    const { revision } = await this.events.run(
      async (em) => {
        const constrained = await this.catalog.lockForClientWrite(em, setupId);
        const entity = await this.timeline.loadInSetup(em, setupId, clientId, { lock: true, precondition });
        await this.policy.assertMayChange(em, clientId, actor, now);
        const deleted = await this.timeline.deleteScheduled(em, entity, snapshotId, now);
        // The snapshot before the cancelled one now stays in force for longer.
        const extended = constrained
          ? await this.timeline.inForceAt(em, clientId, new Date(deleted.snapshot.validFrom.getTime() - 1))
          : null;
        if (extended) await this.catalog.assertExtendedSnapshotDeclared(em, setupId, clientId, extended.id, now);
        return deleted;
      },
      ({ snapshot }) =>
        new ClientUpdatedEvent(
          setupId,
          clientId,
          snapshot.id,
          snapshot.validFrom,
          actor.subject,
          now,
          'snapshot-deleted',
        ),
    );
    return { revision };
  }
}
