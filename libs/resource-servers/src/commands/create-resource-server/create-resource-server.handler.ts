import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, isForeignKeyViolation, newId, EventOutbox } from '@app/core';
import { SetupTimeline, setupNotFound } from '@app/setups';
import { ResourceServerCreatedEvent } from '../../events/resource-server.events';
import { ResourceServerTimeline } from '../../resource-server.timeline';
import { ScopeCatalog } from '../../scope-catalog';
import { withoutUnchangedInheritedPolicies } from '../../scope-inheritance';
import { CreateResourceServerCommand } from './create-resource-server.command';

@CommandHandler(CreateResourceServerCommand)
export class CreateResourceServerHandler implements ICommandHandler<CreateResourceServerCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: ResourceServerTimeline,
    private readonly setups: SetupTimeline,
    private readonly catalog: ScopeCatalog,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, definition, validFrom, force, actor }: CreateResourceServerCommand) {
    const now = this.clock.now();
    const resourceServerId = newId();
    const { snapshot } = await this.events.run(
      async (em) => {
        await this.catalog.lockForResourceServerWrite(em, setupId);
        await this.setups.load(em, setupId);
        const before = await this.catalog.undeclaredBefore(em, setupId, now, null, force);
        const at = validFrom && validFrom > now ? validFrom : now;
        const inherited = (await this.setups.inForceAt(em, setupId, at))?.content.resource_server_defaults;
        const content = withoutUnchangedInheritedPolicies(definition, inherited);
        const created = await this.timeline
          .create(em, { id: resourceServerId, setupId }, content, validFrom, now)
          .catch((err: unknown) => {
            throw isForeignKeyViolation(err) ? setupNotFound(setupId) : err;
          });
        // A new resource server can constrain any scope: the first one of a setup makes every client scope need a declaration.
        await this.catalog.assertResourceServerChange(em, setupId, now, null, force, before);
        return created;
      },
      ({ snapshot }) =>
        new ResourceServerCreatedEvent(
          setupId,
          resourceServerId,
          snapshot.id,
          snapshot.validFrom,
          actor.subject,
          now,
          definition.scopes.map((s) => s.name),
        ),
    );
    return { resourceServerId, snapshotId: snapshot.id, validFrom: snapshot.validFrom };
  }
}
