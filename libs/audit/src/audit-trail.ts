import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { instantParam, TransactionRunner, valuesList } from '@app/core';
import { AuditEntryEntity } from './audit-entry.entity';

export type AuditRecord = AuditEntryEntity;

/**
 * Rows per INSERT statement (9 parameters each, well under every driver's limit). A batch is cut into
 * these few sizes so the statements keep a handful of texts and stay in the prepared-statement cache.
 */
const CHUNKS = [500, 100, 10, 1];
const COLUMNS = ['event_id', 'occurred_at', 'actor', 'action', 'entity_type', 'entity_id', 'setup_id', 'snapshot_id', 'details'];

@Injectable()
export class AuditTrail implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditTrail.name);
  private pending: Array<{ entry: AuditRecord; done: () => void }> = [];
  private readonly flushing = new Set<Promise<void>>();

  constructor(private readonly tx: TransactionRunner) {}

  /**
   * Records one entry per event. Entries recorded in the same turn of the event loop are written
   * together, in one transaction of multi-row inserts: an activation batch announces a thousand
   * events at once, and a thousand separate transactions would hold the connection pool for seconds.
   * Idempotent (a redelivered event id is ignored), and never throws: a failure is logged without
   * the entries' details rather than surfacing in an unrelated request.
   */
  record(entry: AuditRecord): Promise<void> {
    return new Promise((done) => {
      if (this.pending.push({ entry, done }) === 1) setImmediate(() => void this.track(this.flush()));
    });
  }

  /**
   * While shutting down, after the last request and activation batch, and before the database closes:
   * the entries still queued or being written are written.
   */
  async beforeApplicationShutdown(): Promise<void> {
    while (this.pending.length || this.flushing.size) {
      if (this.pending.length) await this.track(this.flush());
      await Promise.all(this.flushing);
    }
  }

  private track(flush: Promise<void>): Promise<void> {
    this.flushing.add(flush);
    return flush.finally(() => this.flushing.delete(flush));
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    try {
      await this.tx.run(async (em) => {
        for (let i = 0; i < batch.length; ) {
          const size = CHUNKS.find((n) => n <= batch.length - i)!;
          const rows = batch.slice(i, (i += size)).map(({ entry }) => [
            entry.eventId,
            instantParam(entry.occurredAt),
            entry.actor,
            entry.action,
            entry.entityType,
            entry.entityId,
            entry.setupId,
            entry.snapshotId,
            entry.details === null ? null : JSON.stringify(entry.details),
          ]);
          await em.query(
            `INSERT INTO audit_entry (${COLUMNS.join(', ')}) VALUES ${valuesList(em, rows.length, COLUMNS.length)} ON CONFLICT (event_id) DO NOTHING`,
            rows.flat(),
          );
        }
      });
    } catch (err) {
      const events = batch.map(({ entry }) => entry.eventId).join(', ');
      this.logger.error(`Could not record ${batch.length} audit entr(ies) for events ${events}: ${(err as Error).message}`);
    } finally {
      for (const { done } of batch) done();
    }
  }
}
