import { type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral, QueryFailedError } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { fixedQuery } from './fixed-query';
import { valuesList } from './values-list';

interface InsertPlan {
  columns: ColumnMetadata[];
  head: string;
  /** SQL text per row count, for the small counts the write paths use (kept prepared by both drivers). */
  texts: Map<number, string>;
}

const plans = new WeakMap<DataSource, Map<EntityTarget<ObjectLiteral>, InsertPlan>>();
const CACHED_ROW_COUNTS = 64;

/**
 * Inserts complete rows of an entity in one statement with a fixed SQL text: every insertable column
 * in the order of the entity's metadata, values through the column's transformer and the driver's
 * conversion (as TypeORM's own insert does), `null` for an absent nullable column. On the write paths
 * this replaces TypeORM's insert query builder, which builds, escapes and parses the statement anew
 * for every row and read up to half the CPU time of an insert. No column default is applied: a
 * non-nullable column left undefined is a programming error and throws.
 */
export async function insertRows<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: readonly T[],
): Promise<void> {
  if (!rows.length) return;
  const plan = planFor(em, target);
  const params: unknown[] = [];
  pushValues(em, plan, rows, params);
  const text = sqlFor(em, plan, rows.length);
  await (rows.length <= CACHED_ROW_COUNTS ? fixedQuery(em, text, params) : em.query(text, params));
}

/** One complete row; see insertRows. Typed as the entity itself, so every column is checked. */
export function insertRow<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, row: T): Promise<void> {
  return insertRows(em, target, [row]);
}

/** The rows' values in column order: the column's transformer and the driver's conversion, null for an absent nullable column. */
function pushValues(em: EntityManager, plan: InsertPlan, rows: readonly ObjectLiteral[], params: unknown[]): void {
  const driver = em.connection.driver;
  for (const row of rows) {
    for (const column of plan.columns) {
      let value: unknown = column.getEntityValue(row);
      if (value === undefined) {
        if (!column.isNullable) throw new Error(`insert: no value for ${plan.head}column ${column.databaseName}`);
        value = null;
      }
      params.push(driver.preparePersistentValue(value, column));
    }
  }
}

function planFor(em: EntityManager, target: EntityTarget<ObjectLiteral>): InsertPlan {
  let byTarget = plans.get(em.connection);
  if (!byTarget) plans.set(em.connection, (byTarget = new Map()));
  let plan = byTarget.get(target);
  if (!plan) {
    const metadata = em.connection.getMetadata(target);
    const columns = metadata.columns.filter((c) => c.isInsert && !c.isGenerated && !c.isVirtual);
    const escape = (name: string) => em.connection.driver.escape(name);
    plan = {
      columns,
      head: `INSERT INTO ${escape(metadata.tableName)} (${columns.map((c) => escape(c.databaseName)).join(', ')}) VALUES `,
      texts: new Map(),
    };
    byTarget.set(target, plan);
  }
  return plan;
}

function sqlFor(em: EntityManager, plan: InsertPlan, rows: number): string {
  const cached = plan.texts.get(rows);
  if (cached) return cached;
  const text = plan.head + valuesList(em, rows, plan.columns.length);
  if (rows <= CACHED_ROW_COUNTS) plan.texts.set(rows, text);
  return text;
}

/** Rows of one entity, for insertRowSets. */
export interface RowSet {
  target: EntityTarget<ObjectLiteral>;
  rows: readonly ObjectLiteral[];
}

/**
 * Inserts several sets of rows, in order, as one unit of the caller's transaction. PostgreSQL: one
 * statement, each earlier set in a data-modifying WITH clause (foreign keys between the sets are
 * checked at the end of the statement, so children may follow their parent), i.e. one round trip
 * instead of one per table. SQLite: one statement per set (no round trips to save).
 */
export async function insertRowSets(em: EntityManager, sets: readonly RowSet[]): Promise<void> {
  const present = sets.filter((set) => set.rows.length);
  if (em.connection.options.type !== 'postgres' || present.length < 2) {
    for (const set of present) await insertRows(em, set.target, set.rows);
    return;
  }
  const params: unknown[] = [];
  const statements = present.map((set) => insertText(em, set, params));
  await runCombined(em, [], statements, params, present);
}

/**
 * One INSERT of a combined statement (PostgreSQL): its text, placeholders numbered after `offset`
 * parameters, and its values.
 */
export interface InsertPart {
  text(offset: number): string;
  values: readonly unknown[];
}

/**
 * A condition asked in the same statement as the inserts of `insertAtOnce`: `query` (placeholders
 * numbered after `offset` parameters) yields one row, whose `value` goes into `column` of the first
 * row inserted, when the inserts may go ahead, and no row when they may not. `column` must be
 * NOT NULL, so a refusal fails the whole statement and nothing is written.
 */
export interface InsertGuard {
  query(offset: number): string;
  values: readonly unknown[];
  column: string;
}

/**
 * PostgreSQL: inserts the row sets and then the parts in one statement outside any transaction (the
 * statement is one: all of it commits, or none of it), provided the guard agrees. True once
 * committed; false when the guard refused, and then nothing was written. The first set's first row
 * gets the guard's value in `guard.column`. Foreign keys between the rows are checked at the end of
 * the statement, as in insertRowSets.
 */
export async function insertAtOnce(
  em: EntityManager,
  sets: readonly RowSet[],
  parts: readonly InsertPart[],
  guard: InsertGuard,
): Promise<boolean> {
  if (em.connection.options.type !== 'postgres' || em.queryRunner?.isTransactionActive)
    throw new Error('insertAtOnce: PostgreSQL, outside a transaction');
  const [first, ...rest] = sets;
  const columns = planFor(em, first.target).columns;
  const index = columns.findIndex((c) => c.databaseName === guard.column);
  if (index < 0 || columns[index].isNullable)
    throw new Error(`insertAtOnce: ${guard.column} is not a NOT NULL column of the first set`);
  const params: unknown[] = [...guard.values];
  const statements = [
    insertText(em, first, params, { index, sql: '(SELECT value FROM guard)' }),
    ...rest.filter((set) => set.rows.length).map((set) => insertText(em, set, params)),
  ];
  for (const part of parts) {
    statements.push(part.text(params.length));
    params.push(...part.values);
  }
  try {
    await runCombined(em, [`guard AS (${guard.query(0)})`], statements, params, sets);
    return true;
  } catch (err) {
    if (isNotNullViolation(err, em.connection.getMetadata(first.target).tableName, guard.column)) return false;
    throw err;
  }
}

/**
 * One set's INSERT, its values appended to `params`. With `own`, the first row's column `own.index`
 * holds the SQL `own.sql` instead of a parameter (the placeholders after it move down).
 */
function insertText(em: EntityManager, set: RowSet, params: unknown[], own?: { index: number; sql: string }): string {
  const plan = planFor(em, set.target);
  const start = params.length;
  pushValues(em, plan, set.rows, params);
  if (!own) return plan.head + valuesList(em, set.rows.length, plan.columns.length, start);
  params.splice(start + own.index, 1);
  let n = start;
  const row = (r: number) => plan.columns.map((_, c) => (r === 0 && c === own.index ? own.sql : `$${++n}`));
  return plan.head + set.rows.map((_, r) => `(${row(r).join(', ')})`).join(', ');
}

/**
 * PostgreSQL: the statements as one, each but the last in a data-modifying WITH clause after `ctes`. A
 * named prepared statement unless a set is too large for its text to be kept.
 */
async function runCombined(
  em: EntityManager,
  ctes: readonly string[],
  statements: readonly string[],
  params: unknown[],
  sets: readonly RowSet[],
): Promise<void> {
  const clauses = [...ctes, ...statements.slice(0, -1).map((statement, i) => `w${i} AS (${statement})`)];
  const text = `WITH ${clauses.join(', ')} ${statements[statements.length - 1]}`;
  const small = sets.every((set) => set.rows.length <= CACHED_ROW_COUNTS);
  await (small ? fixedQuery(em, text, params) : em.query(text, params));
}

function isNotNullViolation(err: unknown, table: string, column: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: string; table?: string; column?: string };
  return driverError.code === '23502' && driverError.table === table && driverError.column === column;
}
