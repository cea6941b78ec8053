import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { ResourceServerDefinition } from '../../resource-server-definition';

export class CreateResourceServerCommand extends Command<{
  resourceServerId: string;
  snapshotId: string;
  validFrom: Date;
}> {
  constructor(
    readonly setupId: string,
    readonly definition: ResourceServerDefinition,
    readonly validFrom: Date | undefined,
    /** `?force=true`: create it even though clients use scopes it leaves undeclared. */
    readonly force: boolean,
    readonly actor: Actor,
  ) {
    super();
  }
}
