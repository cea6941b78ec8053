import { DomainEvent } from '@app/core';

/**
 * A change set was applied to a setup: the events of its entities (one each, published with it) are
 * named here, so that the audit trail shows them as one change by one actor.
 */
export class ChangeSetAppliedEvent extends DomainEvent {
  readonly action = 'setup.change-set-applied';
  readonly entityType = 'setup';

  constructor(
    setupId: string,
    validFrom: Date,
    actor: string,
    occurredAt: Date,
    /** `<kind>:<action>:<entity id>` for each entity changed. */
    readonly entities: readonly string[],
    readonly memberEventIds: readonly string[],
  ) {
    super(setupId, setupId, null, validFrom, actor, occurredAt);
  }

  override details() {
    return {
      valid_from: this.validFrom!.toISOString(),
      change_count: this.entities.length,
      entities: this.entities.join(' '),
      event_ids: this.memberEventIds.join(' '),
    };
  }
}
