import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, EventOutbox, jsonPatch } from '@app/core';
import { SetupUpdatedEvent } from '../../events/setup.events';
import { SetupTimeline } from '../../setup.timeline';
import { toSetupView } from '../../setup-view';
import { UpdateSetupCommand } from './update-setup.command';

@CommandHandler(UpdateSetupCommand)
export class UpdateSetupHandler implements ICommandHandler<UpdateSetupCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: SetupTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, definition, options, actor }: UpdateSetupCommand) {
    const now = this.clock.now();
    const change = options.replaceActive ? 'snapshot-replaced' : 'snapshot-added';
    const result = await this.events.run(
      (em) => this.timeline.edit(em, setupId, options, now, () => ({ content: definition })),
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
