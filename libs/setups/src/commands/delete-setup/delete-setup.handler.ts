import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, EventOutbox } from '@app/core';
import { SetupDeletedEvent } from '../../events/setup.events';
import { SetupContents } from '../../setup-contents';
import { SetupTimeline } from '../../setup.timeline';
import { DeleteSetupCommand } from './delete-setup.command';

@CommandHandler(DeleteSetupCommand)
export class DeleteSetupHandler implements ICommandHandler<DeleteSetupCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: SetupTimeline,
    private readonly contents: SetupContents,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, precondition, actor }: DeleteSetupCommand) {
    const now = this.clock.now();
    await this.events.run(
      async (em) => {
        const entity = await this.timeline.load(em, setupId, { lock: true, precondition });
        const inForce = await this.timeline.inForceAt(em, setupId, now);
        // The foreign keys cascade the delete to the clients and resource servers; their libraries list
        // them first (with the snapshot in force), so that each deletion can be announced.
        const { clients, resourceServers } = await this.contents.read(em, setupId, now);
        await this.timeline.remove(em, entity.id, undefined);
        return { inForce, clients, resourceServers };
      },
      ({ inForce, clients, resourceServers }) =>
        new SetupDeletedEvent(
          setupId,
          inForce?.id ?? null,
          inForce?.validFrom ?? null,
          actor.subject,
          now,
          clients,
          resourceServers,
        ),
    );
  }
}
