import type { EntityManager } from 'typeorm';
import { instantParam } from '../database/columns';
import { fixedQuery } from '../database/fixed-query';
import type { InsertPart } from '../database/insert-row';
import { valuesList } from '../database/values-list';
import type { DomainEvent } from '../domain-event';

/** The path module of every entity this service keeps (`/v2/modules/oauthv2/...`); a token of each subject. */
export const EVENT_MODULE = 'oauthv2';

/** One unpublished outbox row, as the relay reads it. */
export interface OutboxMessage {
  seq: string;
  eventId: string;
  setupId: string;
  entityType: string;
  entityId: string;
  action: string;
  payload: string;
}

/**
 * What consumers receive, as JSON: the event's own fields and its details, never a secret (the events
 * carry none). Field names as in the audit API.
 */
export function eventPayload(event: DomainEvent): string {
  return JSON.stringify({
    eventId: event.eventId,
    type: event.action,
    module: EVENT_MODULE,
    setupId: event.setupId,
    entityType: event.entityType,
    entityId: event.entityId,
    snapshotId: event.snapshotId,
    validFrom: event.validFrom?.toISOString() ?? null,
    actor: event.actor,
    occurredAt: event.occurredAt.toISOString(),
    details: event.details(),
  });
}

/**
 * `<prefix>.oauthv2.<setupId>.<entityType>.<entityId>.<verb>`, e.g.
 * `oauth-registry.oauthv2.3f…a1.client.9c…07.snapshot-activated`: a consumer subscribes to one setup
 * (`<prefix>.oauthv2.<setupId>.>`), one entity, or one kind of event (`<prefix>.*.*.client.*.created`).
 */
export function subjectOf(
  prefix: string,
  message: Pick<OutboxMessage, 'setupId' | 'entityType' | 'entityId' | 'action'>,
): string {
  const verb = message.action.slice(message.action.indexOf('.') + 1);
  return [prefix, EVENT_MODULE, message.setupId, message.entityType, message.entityId, verb].map(token).join('.');
}

/** Ids and actions are plain already; this only guarantees that no token ever holds a dot or a wildcard. */
function token(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}

const COLUMNS = ['event_id', 'setup_id', 'entity_type', 'entity_id', 'action', 'payload', 'created_at'];
/** Rows per INSERT: a few fixed sizes, so the statements stay in the prepared-statement cache. */
const CHUNKS = [500, 100, 10, 1];

/** Writes the events in the caller's transaction, in order (their `seq` follows it). */
export async function insertOutboxRows(em: EntityManager, events: readonly DomainEvent[]): Promise<void> {
  for (let i = 0; i < events.length;) {
    const size = CHUNKS.find((n) => n <= events.length - i)!;
    const rows = events.slice(i, (i += size)).map(outboxRow);
    await fixedQuery(
      em,
      `INSERT INTO outbox (${COLUMNS.join(', ')}) VALUES ${valuesList(em, rows.length, COLUMNS.length)}`,
      rows.flat(),
    );
  }
}

/** The outbox rows of a few events as one INSERT of a combined statement (PostgreSQL, EventOutbox.insertAtOnce). */
export function outboxPart(em: EntityManager, events: readonly DomainEvent[]): InsertPart {
  return {
    text: (offset) =>
      `INSERT INTO outbox (${COLUMNS.join(', ')}) VALUES ${valuesList(em, events.length, COLUMNS.length, offset)}`,
    values: events.flatMap(outboxRow),
  };
}

function outboxRow(e: DomainEvent): unknown[] {
  return [e.eventId, e.setupId, e.entityType, e.entityId, e.action, eventPayload(e), instantParam(e.occurredAt)];
}

/** The oldest unpublished rows, in the order they were written. */
export async function readUnpublished(em: EntityManager, limit: number): Promise<OutboxMessage[]> {
  const rows: Array<Record<string, string | number>> = await em.query(
    `SELECT seq, event_id, setup_id, entity_type, entity_id, action, payload FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT ${Number(limit)}`,
  );
  return rows.map((r) => ({
    seq: String(r.seq),
    eventId: String(r.event_id),
    setupId: String(r.setup_id),
    entityType: String(r.entity_type),
    entityId: String(r.entity_id),
    action: String(r.action),
    payload: String(r.payload),
  }));
}

/** Records that the broker has these rows; without retention they are deleted right away. */
export async function markPublished(
  em: EntityManager,
  messages: readonly OutboxMessage[],
  at: Date,
  keep: boolean,
): Promise<void> {
  for (let i = 0; i < messages.length;) {
    const size = CHUNKS.find((n) => n <= messages.length - i)!;
    const seqs = messages.slice(i, (i += size)).map((m) => m.seq);
    if (keep) {
      await em.query(
        `UPDATE outbox SET published_at = ${placeholder(em, 1)} WHERE seq IN ${valuesList(em, 1, seqs.length, 1)}`,
        [instantParam(at), ...seqs],
      );
    } else {
      await em.query(`DELETE FROM outbox WHERE seq IN ${valuesList(em, 1, seqs.length)}`, seqs);
    }
  }
}

export async function countUnpublished(em: EntityManager): Promise<number> {
  const [row]: Array<{ n: string | number }> = await em.query(
    'SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NULL',
  );
  return Number(row.n);
}

/** Retention: deletes the rows published before `before`. */
export async function deletePublishedBefore(em: EntityManager, before: Date): Promise<void> {
  await em.query(`DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < ${placeholder(em, 1)}`, [
    instantParam(before),
  ]);
}

function placeholder(em: EntityManager, n: number): string {
  return em.connection.options.type === 'postgres' ? `$${n}` : '?';
}
