import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type DomainEvent, EventOutbox, instantParam, valuesList } from '@app/core';
import type { AuditEntryEntity } from './audit-entry.entity';

export type AuditRecord = AuditEntryEntity;

/**
 * Rows per INSERT statement (9 parameters each, well under every driver's limit). A batch is cut into
 * these few sizes so the statements keep a handful of texts and stay in the prepared-statement cache.
 */
const CHUNKS = [500, 100, 10, 1];
const COLUMNS = ['event_id', 'occurred_at', 'actor', 'action', 'entity_type', 'entity_id', 'setup_id', 'snapshot_id', 'details'];

/**
 * Every domain event becomes one audit entry: who did what to which entity and snapshot, and when.
 * The entries are written in the transaction of the change itself (EventOutbox), so the trail has
 * an entry exactly for each change that committed, whatever happens to the process afterwards; an
 * activation batch's thousand entries go in a few multi-row inserts. Keyed by event id: recording an
 * event twice records it once.
 */
@Injectable()
export class AuditTrail implements OnModuleInit {
  constructor(private readonly events: EventOutbox) {}

  onModuleInit(): void {
    this.events.writeWith((em, events) => this.write(em, events));
  }

  async write(em: EntityManager, events: readonly DomainEvent[]): Promise<void> {
    for (let i = 0; i < events.length; ) {
      const size = CHUNKS.find((n) => n <= events.length - i)!;
      const rows = events
        .slice(i, (i += size))
        .map((e) => [
          e.eventId,
          instantParam(e.occurredAt),
          e.actor,
          e.action,
          e.entityType,
          e.entityId,
          e.setupId,
          e.snapshotId,
          JSON.stringify(e.details()),
        ]);
      await em.query(
        `INSERT INTO audit_entry (${COLUMNS.join(', ')}) VALUES ${valuesList(em, rows.length, COLUMNS.length)} ON CONFLICT (event_id) DO NOTHING`,
        rows.flat(),
      );
    }
  }
}
