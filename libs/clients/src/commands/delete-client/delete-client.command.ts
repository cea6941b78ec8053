import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { Precondition } from '@app/versioning';

/** Deletes a client permanently, with all its snapshots. */
export class DeleteClientCommand extends Command<void> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
    readonly precondition: Precondition | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
