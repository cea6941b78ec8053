import type { EntityManager } from 'typeorm';
import { instantParam } from '@app/core';

/** Who deleted an entity, and when. */
export interface Deletion {
  at: Date;
  by: string;
}

/** The tables of one versioned entity kind, by name: a parent kind deletes its children's rows without knowing their classes. */
export interface VersionedTables {
  table: string;
  snapshotTable: string;
  /** The snapshot table's owner column, e.g. client_id. */
  ownerColumn: string;
}

const placeholder = (em: EntityManager) => (n: number) => (em.connection.options.type === 'postgres' ? `$${n}` : '?');

/**
 * Soft-deletes the live rows of a kind where `column = value` (one entity by id, or every child of a
 * parent): they record the deletion and keep their snapshots. A scheduled snapshot of a deleted entity
 * never comes into force: it is settled, so the scheduler no longer looks at it. Returns the ids.
 */
export async function softDelete(
  em: EntityManager,
  tables: VersionedTables,
  where: { column: string; value: string },
  deletion: Deletion,
): Promise<string[]> {
  const p = placeholder(em);
  const { table, snapshotTable, ownerColumn } = tables;
  const rows: Array<{ id: string }> = await em.query(
    `SELECT id FROM ${table} WHERE ${where.column} = ${p(1)} AND deleted_at IS NULL`,
    [where.value],
  );
  if (!rows.length) return [];
  await em.query(
    `UPDATE ${table} SET deleted_at = ${p(1)}, deleted_by = ${p(2)}, revision = revision + 1 WHERE ${where.column} = ${p(3)} AND deleted_at IS NULL`,
    [instantParam(deletion.at), deletion.by, where.value],
  );
  await em.query(
    `UPDATE ${snapshotTable} SET state = 'settled' WHERE state = 'scheduled' AND ${ownerColumn} IN (SELECT id FROM ${table} WHERE ${where.column} = ${p(1)})`,
    [where.value],
  );
  return rows.map((r) => r.id);
}

/** Erases the entities of a kind deleted at or before `before`, with their snapshots (foreign keys cascade). Returns how many. */
export async function purgeSoftDeleted(em: EntityManager, table: string, before: Date): Promise<number> {
  const p = placeholder(em);
  const rows: Array<{ id: string }> = await em.query(
    `SELECT id FROM ${table} WHERE deleted_at IS NOT NULL AND deleted_at <= ${p(1)} ORDER BY deleted_at LIMIT 1000`,
    [instantParam(before)],
  );
  if (!rows.length) return 0;
  const ids = rows.map((r) => r.id);
  await em.query(`DELETE FROM ${table} WHERE id IN (${ids.map((_, i) => p(i + 1)).join(', ')})`, ids);
  return ids.length;
}

/** The retention when SOFT_DELETE_RETENTION_DAYS is not set. */
export const DEFAULT_SOFT_DELETE_RETENTION_DAYS = 90;

/** How a delete at `at` by `by` is recorded: soft, or (retention 0) not at all, the rows being erased at once. */
export function deletionFor(retentionDays: number | undefined, at: Date, by: string): Deletion | undefined {
  return (retentionDays ?? DEFAULT_SOFT_DELETE_RETENTION_DAYS) === 0 ? undefined : { at, by };
}

/**
 * A snapshot read of a soft-deleted entity: its state is `deleted` (none of its snapshots is or will be
 * in force any more), with when and by whom the entity was deleted.
 */
export function withDeletion<V extends object>(
  view: V,
  entity: { deletedAt: Date | null; deletedBy: string | null },
): V | (V & { state: 'deleted'; deleted_at: string; deleted_by: string | null }) {
  if (!entity.deletedAt) return view;
  return { ...view, state: 'deleted', deleted_at: entity.deletedAt.toISOString(), deleted_by: entity.deletedBy };
}

/** List queries: live entities only, unless soft-deleted ones are asked for too. */
export function whereLive(qb: { andWhere(where: string): unknown }, alias: string, includeDeleted?: boolean): void {
  if (!includeDeleted) qb.andWhere(`${alias}.deleted_at IS NULL`);
}
