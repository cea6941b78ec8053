import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, EventOutbox } from '@app/core';
import { ResourceServerUpdatedEvent } from '../../events/resource-server.events';
import { ResourceServerTimeline } from '../../resource-server.timeline';
import { ScopeCatalog } from '../../scope-catalog';
import { DeleteResourceServerSnapshotCommand } from './delete-resource-server-snapshot.command';

@CommandHandler(DeleteResourceServerSnapshotCommand)
export class DeleteResourceServerSnapshotHandler implements ICommandHandler<DeleteResourceServerSnapshotCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: ResourceServerTimeline,
    private readonly catalog: ScopeCatalog,
    private readonly clock: Clock,
  ) {}

  async execute({
    setupId,
    resourceServerId,
    snapshotId,
    precondition,
    force,
    actor,
  }: DeleteResourceServerSnapshotCommand) {
    const now = this.clock.now();
    const { revision } = await this.events.run(
      async (em) => {
        await this.catalog.lockForResourceServerWrite(em, setupId);
        await this.timeline.loadInSetup(em, setupId, resourceServerId);
        // A scheduled scope that clients are waiting for goes with the snapshot that declares it.
        const names = await this.catalog.namesOf(em, resourceServerId, snapshotId);
        const before = await this.catalog.undeclaredBefore(em, setupId, now, names, force);
        const removed = await this.timeline.removeSnapshot(em, resourceServerId, snapshotId, precondition, now);
        await this.catalog.assertResourceServerChange(em, setupId, now, names, force, before);
        return removed;
      },
      ({ snapshot }) =>
        new ResourceServerUpdatedEvent(
          setupId,
          resourceServerId,
          snapshot.id,
          snapshot.validFrom,
          actor.subject,
          now,
          'snapshot-deleted',
          force,
        ),
    );
    return { revision };
  }
}
