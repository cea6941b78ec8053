import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { Precondition } from '@app/versioning';

/** Deletes a setup with all its snapshots and everything in it (clients, resource servers). */
export class DeleteSetupCommand extends Command<void> {
  constructor(
    readonly setupId: string,
    readonly precondition: Precondition | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
