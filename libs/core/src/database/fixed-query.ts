import { type EntityManager, QueryFailedError, type QueryRunner } from 'typeorm';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Statement names per SQL text, process-wide: the same text always gets the same name. */
const names = new Map<string, string>();
/** Texts beyond this many run unnamed (a bound on the statements each connection keeps prepared). */
const MAX_NAMED = 500;

/**
 * Runs one statement of the hot paths, whose SQL text is fixed (a few texts per process), through the
 * caller's TypeORM query runner (or a pooled one, as `em.query` does). On PostgreSQL it runs as a
 * named prepared statement: the server parses and plans each text once per connection instead of on
 * every call, which cost more server CPU per create than inserting the rows. Errors come back as
 * TypeORM's QueryFailedError, as from `em.query`. On SQLite it is `em.query`, whose driver already
 * keeps the statement prepared.
 */
export async function fixedQuery<T = Record<string, unknown>>(
  em: EntityManager,
  text: string,
  values: unknown[],
): Promise<T[]> {
  if (em.connection.options.type !== 'postgres') return em.query(text, values);
  let name = names.get(text);
  if (!name) {
    if (names.size >= MAX_NAMED) return em.query(text, values);
    names.set(text, (name = `fixed_${names.size}`));
  }
  const own = em.queryRunner ? undefined : em.connection.createQueryRunner();
  const runner: QueryRunner = em.queryRunner ?? own!;
  try {
    const client = (await runner.connect()) as PgClient;
    return (await client.query({ name, text, values })).rows as T[];
  } catch (err) {
    throw err instanceof QueryFailedError ? err : new QueryFailedError(text, values, err as Error);
  } finally {
    if (own) await own.release();
  }
}
