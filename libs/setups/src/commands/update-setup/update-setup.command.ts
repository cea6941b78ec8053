import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { EditOptions } from '@app/versioning';
import type { SetupDefinition } from '../../setup-definition';
import type { SetupRead } from '../../setup-view';

/** PUT: the complete definition; a future valid_from schedules it. */
export class UpdateSetupCommand extends Command<SetupRead> {
  constructor(
    readonly setupId: string,
    readonly definition: SetupDefinition,
    readonly options: EditOptions,
    readonly actor: Actor,
    /** Make the change even if clients that inherit the new client_defaults would break a rule. */
    readonly force = false,
  ) {
    super();
  }
}
