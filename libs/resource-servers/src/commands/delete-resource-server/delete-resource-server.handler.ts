import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppConfigService, Clock, EventOutbox } from '@app/core';
import { deletionFor } from '@app/versioning';
import { ResourceServerDeletedEvent } from '../../events/resource-server.events';
import { ResourceServerTimeline } from '../../resource-server.timeline';
import { ScopeCatalog } from '../../scope-catalog';
import { DeclaredScopesFollowers } from '../../declared-scopes-followers';
import { DeleteResourceServerCommand } from './delete-resource-server.command';

@CommandHandler(DeleteResourceServerCommand)
export class DeleteResourceServerHandler implements ICommandHandler<DeleteResourceServerCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: ResourceServerTimeline,
    private readonly catalog: ScopeCatalog,
    private readonly followers: DeclaredScopesFollowers,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
  ) {}

  async execute({ setupId, resourceServerId, precondition, force, actor }: DeleteResourceServerCommand) {
    const now = this.clock.now();
    await this.events.run(
      async (em) => {
        await this.catalog.lockForResourceServerWrite(em, setupId);
        await this.timeline.loadInSetup(em, setupId, resourceServerId, { lock: true, precondition });
        const inForce = await this.timeline.inForceAt(em, resourceServerId, now);
        const names = await this.catalog.namesOf(em, resourceServerId);
        const before = await this.catalog.undeclaredBefore(em, setupId, now, names, force);
        const deletion = deletionFor(this.config.values.softDeleteRetentionDays, now, actor.subject);
        await this.timeline.remove(em, resourceServerId, undefined, deletion);
        await this.catalog.assertResourceServerChange(em, setupId, now, names, force, before);
        return { inForce, followed: await this.followers.changed(em, [setupId], now, actor.subject) };
      },
      ({ inForce, followed }) => [
        new ResourceServerDeletedEvent(
          setupId,
          resourceServerId,
          inForce?.id ?? null,
          inForce?.validFrom ?? null,
          actor.subject,
          now,
          false,
          force,
        ),
        ...followed,
      ],
    );
  }
}
