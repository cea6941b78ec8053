import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { SetupDefinition } from '../../setup-definition';

export class CreateSetupCommand extends Command<{ setupId: string; snapshotId: string; validFrom: Date }> {
  constructor(
    readonly definition: SetupDefinition,
    readonly validFrom: Date | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
