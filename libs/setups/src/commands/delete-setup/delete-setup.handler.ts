import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, TransactionRunner } from '@app/core';
import { SetupDeletedEvent } from '../../events/setup.events';
import { SetupTimeline } from '../../setup.timeline';
import { DeleteSetupCommand } from './delete-setup.command';

@CommandHandler(DeleteSetupCommand)
export class DeleteSetupHandler implements ICommandHandler<DeleteSetupCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly timeline: SetupTimeline,
    private readonly clock: Clock,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ setupId, precondition, actor }: DeleteSetupCommand) {
    const now = this.clock.now();
    const clientIds = await this.tx.run(async (em) => {
      const entity = await this.timeline.load(em, setupId, { lock: true, precondition });
      // The foreign keys cascade the delete to the clients; their ids are read first so that the
      // clients library can announce each deletion. Plain SQL: this library does not know the client entity.
      const clients: Array<{ id: string; oauth_client_id: string }> = await em
        .createQueryBuilder()
        .select(['c.id AS id', 'c.oauth_client_id AS oauth_client_id'])
        .from('client', 'c')
        .where('c.setup_id = :setupId', { setupId })
        .getRawMany();
      await this.timeline.remove(em, entity.id, undefined);
      return clients.map((c) => ({ clientId: c.id, oauthClientId: c.oauth_client_id }));
    });
    this.eventBus.publish(new SetupDeletedEvent(setupId, actor.subject, now, clientIds));
  }
}
