import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { Precondition } from '@app/versioning';

/** Cancels a scheduled change of a client. */
export class DeleteClientSnapshotCommand extends Command<{ revision: number }> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
    readonly snapshotId: string,
    readonly precondition: Precondition | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
