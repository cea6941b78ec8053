import { newTimeOrderedId } from './ids';
import type { PatchOperation } from './json/json-patch';

/** A fact an event carries: a plain value, or the RFC 6902 patch an edit made (secrets masked). */
export type EventDetail = string | number | boolean | null | readonly PatchOperation[];

/**
 * What every domain event carries (README, Events): ids, the snapshot and its valid_from, the acting
 * principal and when it happened; never a secret. Published on the EventBus after the commit.
 */
export abstract class DomainEvent {
  readonly eventId = newTimeOrderedId();
  abstract readonly action: string;
  /** The entity kind in snake_case (`setup`, `client`, ...): the subject token and audit column. */
  abstract readonly entityType: string;

  constructor(
    readonly setupId: string,
    readonly entityId: string,
    readonly snapshotId: string | null,
    readonly validFrom: Date | null,
    readonly actor: string,
    readonly occurredAt: Date,
  ) {}

  /** Event-specific facts for the audit trail and other consumers (no secrets). */
  details(): Record<string, EventDetail> {
    return {};
  }
}
