import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { EditOptions } from '@app/versioning';
import type { ClientDefinition } from '../../client-definition';
import type { ClientRead } from '../../client-view';

export type UpdateClientResult = ClientRead & { generatedSecret?: string };

/** PUT: the complete definition; a future valid_from schedules it. The secret is kept unless the body sets one. */
export class UpdateClientCommand extends Command<UpdateClientResult> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
    readonly definition: ClientDefinition,
    readonly clientSecret: string | undefined,
    readonly options: EditOptions,
    readonly actor: Actor,
  ) {
    super();
  }
}
