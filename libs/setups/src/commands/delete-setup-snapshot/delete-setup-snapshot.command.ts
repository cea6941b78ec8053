import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { Precondition } from '@app/versioning';

/** Cancels a scheduled change of a setup. */
export class DeleteSetupSnapshotCommand extends Command<{ revision: number }> {
  constructor(
    readonly setupId: string,
    readonly snapshotId: string,
    readonly precondition: Precondition | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
