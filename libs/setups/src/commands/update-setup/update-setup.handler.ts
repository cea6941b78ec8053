import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, EventOutbox, jsonPatch } from '@app/core';
import { SetupUpdatedEvent } from '../../events/setup.events';
import { SetupTimeline } from '../../setup.timeline';
import { SetupEditChecks } from '../../setup-edit-checks';
import { toSetupView } from '../../setup-view';
import { UpdateSetupCommand } from './update-setup.command';

@CommandHandler(UpdateSetupCommand)
export class UpdateSetupHandler implements ICommandHandler<UpdateSetupCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: SetupTimeline,
    private readonly clock: Clock,
    private readonly checks: SetupEditChecks,
  ) {}

  async execute({ setupId, definition, options, actor, force }: UpdateSetupCommand) {
    const now = this.clock.now();
    const change = options.replaceActive ? 'snapshot-replaced' : 'snapshot-added';
    const result = await this.events.run(
      async (em) => {
        const edit = () => this.timeline.edit(em, setupId, options, now, () => ({ content: definition }));
        if (force) return edit();
        let result: Awaited<ReturnType<typeof edit>> | undefined;
        await this.checks.around(em, setupId, now, async () => {
          result = await edit();
        });
        return result!;
      },
      ({ snapshot, previousContent }) =>
        new SetupUpdatedEvent(
          setupId,
          snapshot.id,
          snapshot.validFrom,
          actor.subject,
          now,
          change,
          jsonPatch(previousContent ?? {}, snapshot.content),
        ),
    );
    return { view: toSetupView(result.snapshot, result.immediate ? 'active' : 'scheduled'), revision: result.revision };
  }
}
