import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, TransactionRunner } from '@app/core';
import { ResourceServerDeletedEvent } from '../../events/resource-server.events';
import { ResourceServerTimeline } from '../../resource-server.timeline';
import { ScopeCatalog } from '../../scope-catalog';
import { DeleteResourceServerCommand } from './delete-resource-server.command';

@CommandHandler(DeleteResourceServerCommand)
export class DeleteResourceServerHandler implements ICommandHandler<DeleteResourceServerCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly timeline: ResourceServerTimeline,
    private readonly catalog: ScopeCatalog,
    private readonly clock: Clock,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ setupId, resourceServerId, precondition, force, actor }: DeleteResourceServerCommand) {
    const now = this.clock.now();
    const inForce = await this.tx.run(async (em) => {
      await this.catalog.lockForResourceServerWrite(em, setupId);
      await this.timeline.loadInSetup(em, setupId, resourceServerId, { lock: true, precondition });
      const inForce = await this.timeline.inForceAt(em, resourceServerId, now);
      const names = await this.catalog.namesOf(em, resourceServerId);
      await this.timeline.remove(em, resourceServerId, undefined);
      await this.catalog.assertResourceServerChange(em, setupId, now, names, force);
      return inForce;
    });
    this.eventBus.publish(new ResourceServerDeletedEvent(setupId, resourceServerId, inForce?.id ?? null, inForce?.validFrom ?? null, actor.subject, now, false, force));
  }
}
