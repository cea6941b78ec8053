import { Command } from '@nestjs/cqrs';
import type { ClientRead } from '@app/clients';
import type { Actor } from '@app/core';
import type { ResourceServerRead } from '@app/resource-servers';
import type { SetupRead } from '@app/setups';
import type { Precondition } from '@app/versioning';
import type { EntityRef } from '../../snapshot-bodies';

export type RestoreResult = (SetupRead | ResourceServerRead | ClientRead) & { generatedSecret?: string };

/**
 * A rollback that keeps history: the content of an old snapshot written as a new one (now, or at
 * `validFrom`) by the entity's own edit command, with its rules and events. A client keeps its current
 * secret: a secret that was replaced is never brought back.
 */
export class RestoreSnapshotCommand extends Command<RestoreResult> {
  constructor(
    readonly entity: EntityRef,
    readonly snapshotId: string,
    readonly validFrom: Date | undefined,
    readonly precondition: Precondition | undefined,
    /** `?force=true`: resource servers SCOPE_IN_USE, setups CLIENT_DEFAULTS_IN_USE. */
    readonly force: boolean,
    readonly actor: Actor,
  ) {
    super();
  }
}
