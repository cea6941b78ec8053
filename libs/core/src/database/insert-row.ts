import type { EntityManager, EntityTarget, InsertResult, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Inserts one complete row. Typed as the entity itself (every column checked), which also avoids
 * TypeORM's deep-partial type recursing without end through JSON document columns.
 */
export function insertRow<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  row: T,
): Promise<InsertResult> {
  return em.insert(target, row as QueryDeepPartialEntity<T>);
}
