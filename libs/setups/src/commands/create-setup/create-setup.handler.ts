import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, insertRow, initialTiming, newId, TransactionRunner } from '@app/core';
import { SetupEntity } from '../../entities/setup.entity';
import { SetupSnapshotEntity } from '../../entities/setup-snapshot.entity';
import { SetupCreatedEvent } from '../../events/setup-created.event';
import { CreateSetupCommand } from './create-setup.command';

@CommandHandler(CreateSetupCommand)
export class CreateSetupHandler implements ICommandHandler<CreateSetupCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ definition, validFrom, actor }: CreateSetupCommand) {
    const now = this.clock.now();
    const timing = initialTiming(validFrom, now);
    const setupId = newId();
    const snapshotId = newId();

    await this.tx.run(async (em) => {
      await insertRow(em, SetupEntity, { id: setupId, createdAt: now, activeSnapshotId: timing.state === 'active' ? snapshotId : null });
      await insertRow(em, SetupSnapshotEntity, {
        id: snapshotId,
        setupId,
        validFrom: timing.validFrom,
        state: timing.state,
        name: definition.name ?? null,
        owner: definition.owner ?? null,
        content: definition,
        createdAt: now,
      });
    });

    this.eventBus.publish(new SetupCreatedEvent(newId(), setupId, snapshotId, timing.validFrom, actor.subject, now));
    return { setupId, snapshotId, validFrom: timing.validFrom };
  }
}
