import { QueryFailedError } from 'typeorm';

/**
 * Tells whether a failed query broke the named unique index. PostgreSQL reports the index name;
 * SQLite only lists the columns (`UNIQUE constraint failed: client.setup_id, client.oauth_client_id`),
 * so callers give both.
 */
export function isUniqueViolation(err: unknown, index: { name: string; sqliteColumns: string }): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: string; constraint?: string; message?: string };
  if (driverError.code === '23505') return driverError.constraint === index.name;
  if (driverError.code === 'SQLITE_CONSTRAINT_UNIQUE' || driverError.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return (driverError.message ?? '').includes(index.sqliteColumns);
  }
  return false;
}

/** Tells whether a failed query referenced a row that does not exist (or no longer does). */
export function isForeignKeyViolation(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const code = (err.driverError as { code?: string }).code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
