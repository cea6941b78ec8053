import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, EventOutbox, jsonPatch } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { ResourceServerUpdatedEvent } from '../../events/resource-server.events';
import { ResourceServerTimeline } from '../../resource-server.timeline';
import { toResourceServerView } from '../../resource-server-view';
import { ScopeCatalog } from '../../scope-catalog';
import { DeclaredScopesFollowers } from '../../declared-scopes-followers';
import { withoutUnchangedInheritedPolicies } from '../../scope-inheritance';
import { UpdateResourceServerCommand } from './update-resource-server.command';

@CommandHandler(UpdateResourceServerCommand)
export class UpdateResourceServerHandler implements ICommandHandler<UpdateResourceServerCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: ResourceServerTimeline,
    private readonly setups: SetupTimeline,
    private readonly catalog: ScopeCatalog,
    private readonly followers: DeclaredScopesFollowers,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, resourceServerId, definition, options, force, actor }: UpdateResourceServerCommand) {
    const now = this.clock.now();
    const change = options.replaceActive ? 'snapshot-replaced' : 'snapshot-added';
    const { result, defaults } = await this.events.run(
      async (em) => {
        await this.catalog.lockForResourceServerWrite(em, setupId);
        await this.timeline.loadInSetup(em, setupId, resourceServerId);
        // What the change can take away: the scopes this resource server declared; every scope when it
        // was not in force yet (an immediate edit makes it constrain the setup from now on).
        const names = (await this.timeline.inForceAt(em, resourceServerId, now))
          ? await this.catalog.namesOf(em, resourceServerId)
          : null;
        const at = options.validFrom && options.validFrom > now ? options.validFrom : now;
        const inherited = (await this.setups.inForceAt(em, setupId, at))?.content.resource_server_defaults;
        const content = withoutUnchangedInheritedPolicies(definition, inherited);
        const before = await this.catalog.undeclaredBefore(em, setupId, now, names, force);
        const result = await this.timeline.edit(em, resourceServerId, options, now, () => ({ content }));
        await this.catalog.assertResourceServerChange(em, setupId, now, names, force, before);
        // A change in force now may take scopes away now; a scheduled one when it comes into force.
        const followed = result.immediate ? await this.followers.changed(em, [setupId], now, actor.subject) : [];
        const setup = await this.setups.inForceAt(em, setupId, result.immediate ? now : result.snapshot.validFrom);
        return { result, defaults: setup?.content.resource_server_defaults, followed };
      },
      ({ result: { snapshot, previousContent }, followed }) => [
        new ResourceServerUpdatedEvent(
          setupId,
          resourceServerId,
          snapshot.id,
          snapshot.validFrom,
          actor.subject,
          now,
          change,
          force,
          jsonPatch(previousContent ?? {}, snapshot.content),
        ),
        ...followed,
      ],
    );
    return {
      view: toResourceServerView(result.snapshot, defaults, result.immediate ? 'active' : 'scheduled'),
      revision: result.revision,
    };
  }
}
