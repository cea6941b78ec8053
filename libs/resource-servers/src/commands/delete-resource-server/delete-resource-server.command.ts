import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { Precondition } from '@app/versioning';

/** Deletes a resource server with all its snapshots. */
export class DeleteResourceServerCommand extends Command<void> {
  constructor(
    readonly setupId: string,
    readonly resourceServerId: string,
    readonly precondition: Precondition | undefined,
    readonly force: boolean,
    readonly actor: Actor,
  ) {
    super();
  }
}
