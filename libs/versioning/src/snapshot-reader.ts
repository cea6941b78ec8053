import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError, fixedQuery, hydrateRows, instantParam, isId, NotYetValidError, sqlParam } from '@app/core';
import { inForceCondition } from './in-force';
import { checkPrecondition } from './precondition';
import type { SnapshotState } from './snapshot-state';
import type { LoadOptions, TimelineSpec } from './timeline.types';
import type { SnapshotEntityBase, VersionedEntityBase } from './versioned.entities';

/**
 * The read side of a snapshot timeline (README, Scheduling a change): which entity exists, which snapshot is in force at
 * an instant, what state a snapshot is in, and the query filters lists use. `SnapshotTimeline` adds the
 * writes. Every method takes the EntityManager of the caller's transaction.
 */
export class SnapshotReader<E extends VersionedEntityBase, S extends SnapshotEntityBase<C>, C> {
  constructor(readonly spec: TimelineSpec<E, S, C>) {}

  protected snapshots(em: EntityManager) {
    return em.getRepository(this.spec.snapshot);
  }

  protected entities(em: EntityManager) {
    return em.getRepository(this.spec.entity);
  }

  /**
   * The entity row, or the kind's not-found error (also for a soft-deleted one, unless
   * `includeDeleted`). Locks the row on PostgreSQL for the rest of the transaction.
   */
  async load(em: EntityManager, id: string, options: LoadOptions = {}): Promise<E> {
    if (!isId(id)) throw this.spec.notFound(id);
    // Fixed SQL, as inForceAt: read at the start of every write, where the query builder cost more than the query.
    const metadata = em.connection.getMetadata(this.spec.entity);
    const lock = options.lock && em.connection.options.type === 'postgres' ? ' FOR UPDATE' : '';
    const rows = await fixedQuery(
      em,
      `SELECT ${columnList(em, this.spec.entity)} FROM ${metadata.tableName} WHERE id = ${sqlParam(em, 1)}${lock}`,
      [id],
    );
    const row = rows.length ? hydrateRows(em, this.spec.entity, rows)[0] : undefined;
    if (!row || (row.deletedAt && !options.includeDeleted)) throw this.spec.notFound(id);
    if (options.precondition !== undefined) checkPrecondition(options.precondition, row.revision);
    return row;
  }

  /**
   * An entity of a parent (a client or resource server of a setup). An entity of another parent is
   * unknown here; when the entity is unknown, `assertParent` runs first so that an unknown parent
   * answers with its own not-found error.
   */
  async loadOwnedBy(
    em: EntityManager,
    parentId: string,
    id: string,
    assertParent: () => Promise<unknown>,
    options: LoadOptions = {},
  ): Promise<E> {
    const entity = await this.load(em, id, options).catch(async (err: unknown) => {
      await assertParent();
      throw err;
    });
    if (this.spec.parentProperty && (entity[this.spec.parentProperty] as unknown) !== parentId) {
      await assertParent();
      throw this.spec.notFound(id);
    }
    return entity;
  }

  /** The snapshot in force at `at`: the latest whose valid_from is not after it, or null. */
  async inForceAt(em: EntityManager, ownerId: string, at: Date): Promise<S | null> {
    // Fixed SQL: read on every write and most reads, where the query builder cost more than the query.
    // The columns by name, not `*`: a prepared statement must not change its result columns under a running instance.
    const metadata = em.connection.getMetadata(this.spec.snapshot);
    const rows = await fixedQuery(
      em,
      `SELECT ${columnList(em, this.spec.snapshot)} FROM ${metadata.tableName} WHERE ${this.spec.ownerColumn} = ${sqlParam(em, 1)} AND valid_from <= ${sqlParam(em, 2)} ORDER BY valid_from DESC LIMIT 1`,
      [ownerId, instantParam(at)],
    );
    return rows.length ? hydrateRows(em, this.spec.snapshot, rows)[0] : null;
  }

  /**
   * `load` and `inForceAt` in one statement (one round trip): the entity row (or the kind's not-found
   * error, also for a soft-deleted one) and its snapshot in force at `at`, or null.
   */
  async loadInForceAt(em: EntityManager, id: string, at: Date): Promise<{ entity: E; inForce: S | null }> {
    if (!isId(id)) throw this.spec.notFound(id);
    const entityTable = em.connection.getMetadata(this.spec.entity).tableName;
    const snapshotTable = em.connection.getMetadata(this.spec.snapshot).tableName;
    const e = aliasedColumns(em, this.spec.entity, 'e');
    const s = aliasedColumns(em, this.spec.snapshot, 's');
    const rows = await fixedQuery(
      em,
      `SELECT ${e.select}, ${s.select} FROM ${entityTable} e LEFT JOIN ${snapshotTable} s ON s.id = (` +
        `SELECT i.id FROM ${snapshotTable} i WHERE i.${this.spec.ownerColumn} = e.id AND i.valid_from <= ${sqlParam(em, 1)} ` +
        `ORDER BY i.valid_from DESC LIMIT 1) WHERE e.id = ${sqlParam(em, 2)}`,
      // In the order the placeholders appear: SQLite's `?` are positional.
      [instantParam(at), id],
    );
    const entity = rows.length ? hydrateRows(em, this.spec.entity, [e.unalias(rows[0])])[0] : undefined;
    if (!entity || entity.deletedAt) throw this.spec.notFound(id);
    const snapshot = s.unalias(rows[0]);
    return { entity, inForce: snapshot.id == null ? null : hydrateRows(em, this.spec.snapshot, [snapshot])[0] };
  }

  /** The snapshot in force at `at`, or SETUP/CLIENT_NOT_FOUND, or NOT_YET_VALID with the first instant. */
  async activeOrThrow(em: EntityManager, ownerId: string, at: Date): Promise<S> {
    if (!isId(ownerId)) throw this.spec.notFound(ownerId);
    const active = await this.inForceAt(em, ownerId, at);
    if (active) return active;
    const first = await this.firstSnapshot(em, ownerId);
    if (!first) throw this.spec.notFound(ownerId);
    throw new NotYetValidError(this.spec.label, first.validFrom);
  }

  /** The first valid_from after `at` among the entity's snapshots: when what is in force changes next, or null. */
  async nextChangeAfter(em: EntityManager, ownerId: string, at: Date): Promise<Date | null> {
    const row = await this.snapshots(em)
      .createQueryBuilder('s')
      .select('MIN(s.valid_from)', 'next')
      .where('s.ownerId = :ownerId AND s.validFrom > :at', { ownerId, at: instantParam(at) })
      .getRawOne<{ next: string | number | null }>();
    return row?.next == null ? null : new Date(Number(row.next));
  }

  /** The earliest snapshot of an entity (the one a not-yet-valid entity starts with), or null. */
  firstSnapshot(em: EntityManager, ownerId: string): Promise<S | null> {
    return this.snapshots(em)
      .createQueryBuilder('s')
      .where('s.ownerId = :ownerId', { ownerId })
      .orderBy('s.validFrom', 'ASC')
      .limit(1)
      .getOne();
  }

  async snapshot(em: EntityManager, ownerId: string, snapshotId: string): Promise<S> {
    const snapshot = isId(snapshotId) ? await this.snapshots(em).findOneBy({ id: snapshotId, ownerId } as never) : null;
    if (!snapshot)
      throw new DomainError('SNAPSHOT_NOT_FOUND', `The ${this.spec.label} has no snapshot "${snapshotId}".`);
    return snapshot;
  }

  /** All snapshot ids, oldest first; with `at`, only the one in force then (0 or 1). */
  async snapshotIds(em: EntityManager, ownerId: string, at?: Date): Promise<string[]> {
    if (at) {
      const inForce = await this.inForceAt(em, ownerId, at);
      return inForce ? [inForce.id] : [];
    }
    const rows = await this.snapshots(em)
      .createQueryBuilder('s')
      .select('s.id', 'id')
      .where('s.ownerId = :ownerId', { ownerId })
      .orderBy('s.validFrom', 'ASC')
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** What a reader sees: scheduled before valid_from, active while in force, historical after. */
  async stateOf(em: EntityManager, snapshot: S, now: Date): Promise<SnapshotState> {
    if (snapshot.validFrom.getTime() > now.getTime()) return 'scheduled';
    const inForce = await this.inForceAt(em, snapshot.ownerId, now);
    return inForce?.id === snapshot.id ? 'active' : 'historical';
  }

  /**
   * Restricts a query over the snapshot alias (joined to its owner) to the snapshot in force at `at`;
   * with 'any', to any snapshot.
   */
  whereInForce<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    alias: string,
    ownerExpr: string,
    at: Date | 'any',
  ): SelectQueryBuilder<T> {
    if (at === 'any') return qb;
    const table = qb.connection.getMetadata(this.spec.snapshot).tableName;
    return qb.andWhere(inForceCondition(alias, table, this.spec.ownerColumn, ownerExpr), {
      inForceAt: instantParam(at),
    });
  }

  /**
   * The live entities of a parent (e.g. the clients of a setup), each with the id and valid_from of its
   * snapshot in force at `at` (null for one not valid yet), plus the entity `columns` asked for.
   */
  async ofParent<K extends string = never>(
    em: EntityManager,
    parentId: string,
    at: Date,
    columns: readonly K[] = [],
  ): Promise<Array<{ id: string; snapshotId: string | null; validFrom: Date | null } & Record<K, string>>> {
    const parent = this.spec.parentProperty;
    if (!parent) throw new Error(`A ${this.spec.label} has no parent`);
    const table = em.connection.getMetadata(this.spec.snapshot).tableName;
    const qb = this.entities(em)
      .createQueryBuilder('e')
      .select('e.id', 'id')
      .addSelect('s.id', 'snapshot_id')
      .addSelect('s.valid_from', 'valid_from')
      .leftJoin(
        this.spec.snapshot,
        's',
        `s.${this.spec.ownerColumn} = e.id AND ${inForceCondition('s', table, this.spec.ownerColumn, 'e.id')}`,
        { inForceAt: instantParam(at) },
      )
      .where(`e.${parent} = :parentId AND e.deleted_at IS NULL`, { parentId });
    for (const column of columns) qb.addSelect(`e.${column}`, column);
    const rows = await qb.getRawMany<Record<string, string | number | null>>();
    return rows.map((r) => ({
      ...(Object.fromEntries(columns.map((c) => [c, r[c]])) as Record<K, string>),
      id: r.id as string,
      snapshotId: (r.snapshot_id as string | null) ?? null,
      validFrom: r.valid_from == null ? null : new Date(Number(r.valid_from)),
    }));
  }

  /** `metadata.<name>=<value>` filters over the snapshot alias, ANDed. */
  whereMetadata<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    alias: string,
    filters: ReadonlyArray<{ name: string; value: string }>,
  ): SelectQueryBuilder<T> {
    const table = qb.connection.getMetadata(this.spec.metadata).tableName;
    filters.forEach(({ name, value }, i) => {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM ${table} m${i} WHERE m${i}.snapshot_id = ${alias}.id AND m${i}.name = :mn${i} AND m${i}.value = :mv${i})`,
        {
          [`mn${i}`]: name,
          [`mv${i}`]: value,
        },
      );
    });
    return qb;
  }
}

/** The columns of an entity's table by name, escaped, in a fixed order (computed once per entity and driver). */
const columnLists = new WeakMap<object, Map<string, string>>();
function columnList(em: EntityManager, target: new () => object): string {
  let perDriver = columnLists.get(target);
  if (!perDriver) columnLists.set(target, (perDriver = new Map()));
  const type = em.connection.options.type;
  let list = perDriver.get(type);
  if (!list) {
    const metadata = em.connection.getMetadata(target);
    list = metadata.columns.map((c) => em.connection.driver.escape(c.databaseName)).join(', ');
    perDriver.set(type, list);
  }
  return list;
}

interface AliasedColumns {
  select: string;
  unalias(row: Record<string, unknown>): Record<string, unknown>;
}

/** A table's columns selected under short aliases (`e0`, `e1`, ...), and the way back to their names. */
const aliasedLists = new WeakMap<object, Map<string, AliasedColumns>>();
function aliasedColumns(em: EntityManager, target: new () => object, prefix: string): AliasedColumns {
  let cached = aliasedLists.get(target);
  if (!cached) aliasedLists.set(target, (cached = new Map()));
  const key = `${em.connection.options.type} ${prefix}`;
  let aliased = cached.get(key);
  if (!aliased) {
    const names = em.connection.getMetadata(target).columns.map((c) => c.databaseName);
    const escape = (name: string) => em.connection.driver.escape(name);
    aliased = {
      select: names.map((name, i) => `${prefix}.${escape(name)} AS ${prefix}${i}`).join(', '),
      unalias: (row) => Object.fromEntries(names.map((name, i) => [name, row[`${prefix}${i}`]])),
    };
    cached.set(key, aliased);
  }
  return aliased;
}
