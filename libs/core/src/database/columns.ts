import type { ValueTransformer } from 'typeorm';

/**
 * Instants are stored as epoch milliseconds in a bigint column on both databases: comparisons
 * are exact, portable and index-friendly. PostgreSQL hands bigint back as a string.
 */
export const epochMs: ValueTransformer = {
  to: (value: Date | null | undefined) => (value == null ? value : value.getTime()),
  from: (value: string | number | null) => (value == null ? null : new Date(Number(value))),
};

/** JSON documents are stored as text so both databases hold exactly the same bytes. */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) => (value == null ? null : JSON.parse(value)),
};
