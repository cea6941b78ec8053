import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { Precondition } from '@app/versioning';

export interface RotateClientSecretResult {
  /** The new secret, shown once. */
  secret: string;
  /** Until when the replaced secret is still accepted. */
  previousValidUntil: Date;
  revision: number;
}

/** Issues a new secret now; the previous one stays valid for the grace period. */
export class RotateClientSecretCommand extends Command<RotateClientSecretResult> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
    readonly precondition: Precondition | undefined,
    readonly actor: Actor,
    readonly graceSeconds?: number,
  ) {
    super();
  }
}
