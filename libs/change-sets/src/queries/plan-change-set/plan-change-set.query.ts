import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { ChangeSetDocument, ChangeSetOutcome } from '../../change-set-document';

/** What applying the document would change, checked by every rule apply enforces; writes nothing. */
export class PlanChangeSetQuery extends Query<ChangeSetOutcome> {
  constructor(
    readonly setupId: string,
    readonly document: ChangeSetDocument,
    readonly validFrom: Date | undefined,
    readonly actor: Actor,
    /** As apply's: judge the change set as apply with this force would. */
    readonly force = false,
  ) {
    super();
  }
}
