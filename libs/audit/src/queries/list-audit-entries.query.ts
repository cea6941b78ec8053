import { Query } from '@nestjs/cqrs';
import type { AuditEntryEntity } from '../audit-entry.entity';

export interface AuditFilter {
  entityId?: string;
  actor?: string;
  /** Inclusive. */
  since?: Date;
  /** Exclusive. */
  until?: Date;
}

export interface AuditPage {
  limit: number;
  /** The (occurredAt, eventId) of the last entry of the previous page. */
  after?: { occurredAt: Date; eventId: string };
}

/** The audit trail, oldest first, a page at a time (keyset over occurred_at and event id). */
export class ListAuditEntriesQuery extends Query<{ entries: AuditEntryEntity[]; hasMore: boolean }> {
  constructor(
    readonly filter: AuditFilter,
    readonly page: AuditPage,
  ) {
    super();
  }
}
