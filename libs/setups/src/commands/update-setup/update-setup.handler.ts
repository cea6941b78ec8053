import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, TransactionRunner } from '@app/core';
import { SetupUpdatedEvent } from '../../events/setup.events';
import { SetupTimeline } from '../../setup.timeline';
import { toSetupView } from '../../setup-view';
import { UpdateSetupCommand } from './update-setup.command';

@CommandHandler(UpdateSetupCommand)
export class UpdateSetupHandler implements ICommandHandler<UpdateSetupCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly timeline: SetupTimeline,
    private readonly clock: Clock,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ setupId, definition, options, actor }: UpdateSetupCommand) {
    const now = this.clock.now();
    const result = await this.tx.run((em) => this.timeline.edit(em, setupId, options, now, () => ({ content: definition })));
    const change = options.replaceActive ? 'snapshot-replaced' : 'snapshot-added';
    this.eventBus.publish(new SetupUpdatedEvent(setupId, result.snapshot.id, result.snapshot.validFrom, actor.subject, now, change));
    return { view: toSetupView(result.snapshot, result.immediate ? 'active' : 'scheduled'), revision: result.revision };
  }
}
