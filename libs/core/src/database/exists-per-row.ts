import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * `EXISTS (subquery)` that the database evaluates row by row of the outer query. PostgreSQL would
 * otherwise turn it into a semi-join over every matching row and sort them before a LIMIT applies:
 * a page of 100 from 100,000 clients took half a second instead of three milliseconds. An OFFSET in
 * the subquery (even 0) keeps it a per-row check; SQLite accepts the same clause.
 */
export function existsPerRow<T extends ObjectLiteral>(subQuery: SelectQueryBuilder<T>): string {
  const sql = subQuery.getQuery();
  const inner = sql.startsWith('(') && sql.endsWith(')') ? sql.slice(1, -1) : sql;
  return `EXISTS (${inner} LIMIT 1 OFFSET 0)`;
}
