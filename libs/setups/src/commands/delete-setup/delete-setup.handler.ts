import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppConfigService, Clock, EventOutbox } from '@app/core';
import { deletionFor } from '@app/versioning';
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
    private readonly config: AppConfigService,
  ) {}

  async execute({ setupId, precondition, actor }: DeleteSetupCommand) {
    const now = this.clock.now();
    await this.events.run(
      async (em) => {
        const entity = await this.timeline.load(em, setupId, { lock: true, precondition });
        const inForce = await this.timeline.inForceAt(em, setupId, now);
        // The delete takes the live clients and resource servers with it (soft-deleted states, or erased by
        // the foreign keys' cascade with retention 0); their libraries list them first (with the snapshot
        // in force), so that each deletion can be announced.
        const { clients, resourceServers } = await this.contents.read(em, setupId, now);
        const followed = await this.contents.beforeDelete(em, setupId, now, actor.subject);
        const deletion = deletionFor(this.config.values.softDeleteRetentionDays, now, actor.subject);
        await this.timeline.remove(em, entity.id, undefined, deletion);
        if (deletion) await this.contents.remove(em, setupId, deletion);
        return { inForce, clients, resourceServers, followed };
      },
      ({ inForce, clients, resourceServers, followed }) => [
        new SetupDeletedEvent(
          setupId,
          inForce?.id ?? null,
          inForce?.validFrom ?? null,
          actor.subject,
          now,
          clients,
          resourceServers,
        ),
        ...followed,
      ],
    );
  }
}
