import type { ValueTransformer } from 'typeorm';

/**
 * An instant as a query parameter. A string, not a number: TypeORM's SQLite driver writes number
 * parameters into the SQL text, which gives every statement a new text, defeats the prepared-statement
 * cache and evicts the statements that could have been reused. The column's INTEGER affinity (SQLite)
 * and bigint type (PostgreSQL) turn the string back into a number.
 */
export function instantParam(value: Date): string {
  return String(value.getTime());
}

/**
 * Instants are stored as epoch milliseconds in a bigint column on both databases: comparisons
 * are exact, portable and index-friendly. PostgreSQL hands bigint back as a string.
 */
export const epochMs: ValueTransformer = {
  to: (value: Date | null | undefined) => (value == null ? value : instantParam(value)),
  from: (value: string | number | null) => (value == null ? null : new Date(Number(value))),
};

/** JSON documents are stored as text so both databases hold exactly the same bytes. */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) => (value == null ? null : JSON.parse(value)),
};
