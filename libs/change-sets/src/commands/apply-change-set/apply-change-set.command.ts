import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { ChangeSetDocument, ChangeSetOutcome } from '../../change-set-document';

/**
 * Makes every change of the plan in one transaction, every new snapshot valid from one instant;
 * PRECONDITION_FAILED when the plan hash no longer matches.
 */
export class ApplyChangeSetCommand extends Command<ChangeSetOutcome> {
  constructor(
    readonly setupId: string,
    readonly document: ChangeSetDocument,
    readonly planHash: string,
    readonly validFrom: Date | undefined,
    readonly actor: Actor,
    /** Change client_defaults even if inheriting clients would then break a rule (CLIENT_DEFAULTS_IN_USE). */
    readonly force = false,
  ) {
    super();
  }
}
