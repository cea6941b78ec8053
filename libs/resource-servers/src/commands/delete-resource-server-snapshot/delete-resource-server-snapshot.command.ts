import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { Precondition } from '@app/versioning';

/** Cancels a scheduled change of a resource server. */
export class DeleteResourceServerSnapshotCommand extends Command<{ revision: number }> {
  constructor(
    readonly setupId: string,
    readonly resourceServerId: string,
    readonly snapshotId: string,
    readonly precondition: Precondition | undefined,
    readonly force: boolean,
    readonly actor: Actor,
  ) {
    super();
  }
}
