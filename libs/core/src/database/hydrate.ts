import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Entities from the raw rows of a hand-written SELECT of the entity's columns: each column through
 * the driver's conversion and the column's transformer, as TypeORM's own reads do. For read paths on
 * every request, where building the query with TypeORM's query builder cost more than running it.
 */
export function hydrateRows<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  raws: ReadonlyArray<Record<string, unknown>>,
): T[] {
  const metadata = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  return raws.map((raw) => {
    const entity = metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const column of metadata.columns) {
      if (column.databaseName in raw)
        column.setEntityValue(entity, driver.prepareHydratedValue(raw[column.databaseName], column));
    }
    return entity;
  });
}

/** The n-th (1-based) query parameter in the connection's placeholder style. */
export function sqlParam(em: EntityManager, n: number): string {
  return em.connection.options.type === 'postgres' ? `$${n}` : '?';
}
