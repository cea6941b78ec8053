import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { EditOptions } from '@app/versioning';
import type { ResourceServerDefinition } from '../../resource-server-definition';
import type { ResourceServerRead } from '../../resource-server-view';

/** PUT: the complete definition; a future valid_from schedules it. */
export class UpdateResourceServerCommand extends Command<ResourceServerRead> {
  constructor(
    readonly setupId: string,
    readonly resourceServerId: string,
    readonly definition: ResourceServerDefinition,
    readonly options: EditOptions,
    readonly force: boolean,
    readonly actor: Actor,
  ) {
    super();
  }
}
