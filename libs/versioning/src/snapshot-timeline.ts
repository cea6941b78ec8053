import { type EntityManager, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import {
  DomainError,
  instantParam,
  insertRow,
  isId,
  isUniqueViolation,
  newId,
  type NotFoundError,
  NotYetValidError,
  type SnapshotState,
  ValidationFailedError,
  valuesList,
} from '@app/core';
import type {
  RecordedState,
  SnapshotEntityBase,
  SnapshotMetadataBase,
  SnapshotScopeBase,
  VersionedEntityBase,
} from './versioned.entities';

export interface MetadataItem {
  name: string;
  value?: string;
  locale?: string;
}

/** What the timeline needs to know about one kind of versioned entity. */
export interface TimelineSpec<E extends VersionedEntityBase, S extends SnapshotEntityBase<C>, C> {
  /** For messages: "client", "setup", "resource server". */
  label: string;
  entity: new () => E;
  snapshot: new () => S;
  metadata: new () => SnapshotMetadataBase;
  /** Where the scope names of each snapshot are kept as rows (resource servers and clients), if anywhere. */
  scopes?: new () => SnapshotScopeBase;
  /** The snapshot table's owner column, e.g. client_id. */
  ownerColumn: string;
  notFound(id: string): NotFoundError;
  /** The searchable fields of a definition. */
  describe(content: C): {
    name?: string | null;
    owner?: string | null;
    metadata?: readonly MetadataItem[] | null;
    scopes?: readonly string[] | null;
  };
  /** A column of the entity row worth returning with activations, e.g. a client's setup id. */
  parentProperty?: keyof E & string;
}

/** The snapshot to write, computed once the entity is locked. */
export interface Prepared<S, C> {
  content: C;
  extra?: SnapshotExtra<S>;
}

export interface EditOptions {
  validFrom?: Date;
  replaceActive?: boolean;
  precondition?: Precondition;
}

/** Kind-specific snapshot columns (e.g. a client's sealed secret). */
export type SnapshotExtra<S> = Partial<Omit<S, keyof SnapshotEntityBase>>;

/** `If-Match`: any current revision ('*'), or one of these. */
export type Precondition = '*' | number[];

export interface Activation {
  ownerId: string;
  parentId?: string;
  snapshotId: string;
  validFrom: Date;
  previousSnapshotId: string | null;
  /** Due snapshots that a later due one overtook: they go straight to historical, unannounced. */
  skippedSnapshotIds: string[];
}

export interface AppendResult<S> {
  snapshot: S;
  /** True when the snapshot took effect at once, false when it is scheduled. */
  immediate: boolean;
  revision: number;
}

/**
 * The one implementation of dated snapshots (API.md §2), shared by every versioned entity kind.
 * Every method takes the EntityManager of the caller's transaction.
 */
export class SnapshotTimeline<E extends VersionedEntityBase, S extends SnapshotEntityBase<C>, C> {
  constructor(private readonly spec: TimelineSpec<E, S, C>) {}

  protected snapshots(em: EntityManager) {
    return em.getRepository(this.spec.snapshot);
  }

  private entities(em: EntityManager) {
    return em.getRepository(this.spec.entity);
  }

  /** The entity row, or the kind's not-found error. Locks the row on PostgreSQL for the rest of the transaction. */
  async load(em: EntityManager, id: string, options: { lock?: boolean; precondition?: Precondition } = {}): Promise<E> {
    if (!isId(id)) throw this.spec.notFound(id);
    const qb = this.entities(em).createQueryBuilder('e').where('e.id = :id', { id });
    if (options.lock && em.connection.options.type === 'postgres') qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    if (!row) throw this.spec.notFound(id);
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
    options: { lock?: boolean; precondition?: Precondition } = {},
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
    return this.snapshots(em)
      .createQueryBuilder('s')
      .where('s.ownerId = :ownerId AND s.validFrom <= :at', { ownerId, at: instantParam(at) })
      .orderBy('s.validFrom', 'DESC')
      .limit(1)
      .getOne();
  }

  /** The snapshot in force at `at`, or SETUP/CLIENT_NOT_FOUND, or NOT_YET_VALID with the first instant. */
  async activeOrThrow(em: EntityManager, ownerId: string, at: Date): Promise<S> {
    if (!isId(ownerId)) throw this.spec.notFound(ownerId);
    const active = await this.inForceAt(em, ownerId, at);
    if (active) return active;
    const first = await this.snapshots(em)
      .createQueryBuilder('s')
      .where('s.ownerId = :ownerId', { ownerId })
      .orderBy('s.validFrom', 'ASC')
      .limit(1)
      .getOne();
    if (!first) throw this.spec.notFound(ownerId);
    throw new NotYetValidError(this.spec.label, first.validFrom);
  }

  /**
   * Creates an entity: its row (with the kind's own columns already set) and its first snapshot.
   * A valid_from absent or not after `now` takes effect at once; a later one schedules it.
   */
  async create(
    em: EntityManager,
    row: Omit<E, keyof VersionedEntityBase> & Pick<E, 'id'>,
    content: C,
    requested: Date | undefined,
    now: Date,
    extra?: SnapshotExtra<S>,
  ): Promise<AppendResult<S>> {
    const immediate = !requested || requested.getTime() <= now.getTime();
    const snapshotId = newId();
    const entity = Object.assign(new this.spec.entity(), row, {
      activeSnapshotId: immediate ? snapshotId : null,
      revision: 1,
      createdAt: now,
    });
    await insertRow(em, this.spec.entity, entity);
    const snapshot = await this.insertSnapshot(
      em,
      row.id,
      content,
      immediate ? now : requested!,
      immediate ? 'settled' : 'scheduled',
      now,
      extra,
      snapshotId,
    );
    return { snapshot, immediate, revision: 1 };
  }

  /**
   * Adds a snapshot to an existing entity (PUT). Future valid_from: scheduled, the active one stays.
   * Otherwise: in force now, after the latest snapshot already in force (also one that a concurrent
   * edit has just written).
   */
  async append(
    em: EntityManager,
    entity: E,
    content: C,
    requested: Date | undefined,
    now: Date,
    extra?: SnapshotExtra<S>,
  ): Promise<AppendResult<S>> {
    const ownerId = entity.id;
    if (requested && requested.getTime() > now.getTime()) {
      const snapshot = await this.insertSnapshot(em, ownerId, content, requested, 'scheduled', now, extra);
      return { snapshot, immediate: false, revision: await this.bump(em, entity) };
    }
    // The caller read the clock before it held the row lock, so an edit committed meanwhile may carry a
    // later instant; this one goes after it. Two edits within one millisecond get distinct instants too.
    const latest = await this.snapshots(em)
      .createQueryBuilder('s')
      .select('MAX(s.valid_from)', 'latest')
      .where("s.ownerId = :ownerId AND s.state = 'settled'", { ownerId })
      .getRawOne<{ latest: string | number | null }>();
    const latestMs = latest?.latest == null ? -Infinity : Number(latest.latest);
    const validFrom = latestMs >= now.getTime() ? new Date(latestMs + 1) : now;
    // Due snapshots the scheduler has not reached yet are overtaken: never announced.
    await this.snapshots(em)
      .createQueryBuilder()
      .update()
      .set({ state: 'settled' } as never)
      .where(`${this.spec.ownerColumn} = :ownerId AND state = 'scheduled' AND valid_from <= :now`, {
        ownerId,
        now: instantParam(validFrom),
      })
      .execute();
    const snapshot = await this.insertSnapshot(em, ownerId, content, validFrom, 'settled', now, extra);
    return { snapshot, immediate: true, revision: await this.bump(em, entity, snapshot.id) };
  }

  /**
   * PUT of an entity: locks it, checks If-Match, then schedules, appends or replaces in place.
   * `replaceActive` with a future valid_from is refused: it would rewrite history in advance.
   */
  async edit(
    em: EntityManager,
    id: string,
    options: EditOptions,
    now: Date,
    prepare: (entity: E, inForce: S | null) => Promise<Prepared<S, C>> | Prepared<S, C>,
  ): Promise<AppendResult<S> & { entity: E }> {
    if (options.replaceActive && options.validFrom && options.validFrom.getTime() > now.getTime()) {
      throw new ValidationFailedError('INVALID_REQUEST', [
        {
          path: '/valid_from',
          message: 'replaceActiveState=true rewrites the active snapshot; it cannot take a future valid_from',
        },
      ]);
    }
    const entity = await this.load(em, id, { lock: true, precondition: options.precondition });
    const { content, extra } = await prepare(entity, await this.inForceAt(em, id, now));
    const result = options.replaceActive
      ? await this.replaceActive(em, entity, content, now, extra)
      : await this.append(em, entity, content, options.validFrom, now, extra);
    return { ...result, entity };
  }

  /** DELETE of a snapshot: only a scheduled one. */
  async removeSnapshot(
    em: EntityManager,
    id: string,
    snapshotId: string,
    precondition: Precondition | undefined,
    now: Date,
  ) {
    const entity = await this.load(em, id, { lock: true, precondition });
    return { entity, ...(await this.deleteScheduled(em, entity, snapshotId, now)) };
  }

  /** DELETE of the entity: the row and, by cascade, every snapshot. Returns the row as it was. */
  async remove(em: EntityManager, id: string, precondition: Precondition | undefined): Promise<E> {
    const entity = await this.load(em, id, { lock: true, precondition });
    await this.entities(em).delete(id);
    return entity;
  }

  /** `replaceActiveState=true`: rewrites the content of the snapshot in force, keeping its id and instant. */
  async replaceActive(
    em: EntityManager,
    entity: E,
    content: C,
    now: Date,
    extra?: SnapshotExtra<S>,
  ): Promise<AppendResult<S>> {
    const active = await this.activeOrThrow(em, entity.id, now);
    const described = this.spec.describe(content);
    const changes = { ...extra, content, name: described.name ?? null, owner: described.owner ?? null };
    await this.snapshots(em).update(active.id, changes as never);
    await this.writeMetadata(em, active.id, described.metadata, true);
    await this.writeScopes(em, active.id, described.scopes, true);
    const snapshot = Object.assign(active, changes);
    return { snapshot, immediate: true, revision: await this.bump(em, entity) };
  }

  /** Deletes a scheduled snapshot. The active and historical ones are the record of what was in force: 403. */
  async deleteScheduled(
    em: EntityManager,
    entity: E,
    snapshotId: string,
    now: Date,
  ): Promise<{ snapshot: S; revision: number }> {
    const snapshot = await this.snapshot(em, entity.id, snapshotId);
    if (snapshot.validFrom.getTime() <= now.getTime()) {
      const state = (await this.stateOf(em, snapshot, now)) === 'active' ? 'active' : 'historical';
      throw new DomainError(
        'SNAPSHOT_NOT_DELETABLE',
        `Snapshot ${snapshotId} is ${state}; only scheduled snapshots can be deleted.`,
      );
    }
    // An entity without snapshots would exist and yet answer 404 everywhere: delete the entity instead.
    if ((await this.snapshots(em).countBy({ ownerId: entity.id } as never)) === 1) {
      throw new DomainError(
        'SNAPSHOT_NOT_DELETABLE',
        `Snapshot ${snapshotId} is the ${this.spec.label}'s only one; delete the ${this.spec.label} instead.`,
      );
    }
    await this.snapshots(em).delete(snapshotId);
    return { snapshot, revision: await this.bump(em, entity) };
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
   * Restricts a query over the snapshot alias `s` (joined to its owner) to the snapshot in force at
   * `at`; with 'any', to any snapshot.
   */
  whereInForce<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    alias: string,
    ownerExpr: string,
    at: Date | 'any',
  ): SelectQueryBuilder<T> {
    if (at === 'any') return qb;
    const table = qb.connection.getMetadata(this.spec.snapshot).tableName;
    return qb.andWhere(
      `${alias}.valid_from = (SELECT MAX(l.valid_from) FROM ${table} l WHERE l.${this.spec.ownerColumn} = ${ownerExpr} AND l.valid_from <= :inForceAt)`,
      { inForceAt: instantParam(at) },
    );
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

  /** PostgreSQL: refreshes the planner statistics of this kind's tables (see TimelineActivation.activateDue). */
  async refreshStatistics(em: EntityManager): Promise<void> {
    if (em.connection.options.type !== 'postgres') return;
    const table = (target: new () => object) => em.connection.getMetadata(target).tableName;
    await em.query(`ANALYZE ${table(this.spec.snapshot)}, ${table(this.spec.entity)}`);
  }

  /** The earliest instant at which a scheduled snapshot becomes due, or null. */
  async nextDueAt(em: EntityManager): Promise<Date | null> {
    const row = await this.snapshots(em)
      .createQueryBuilder('s')
      .select('MIN(s.valid_from)', 'next')
      .where("s.state = 'scheduled'")
      .getRawOne<{ next: string | number | null }>();
    return row?.next == null ? null : new Date(Number(row.next));
  }

  /**
   * Activates the due snapshots of up to `limit` entities, in one transaction (the caller's).
   *
   * Per entity, the latest due snapshot becomes the active one (recorded on the entity row and
   * announced) and any earlier due ones are overtaken: historical without ever being announced. On PostgreSQL the entity rows are locked (SKIP LOCKED) and the due snapshots are read
   * again once they are, so two instances never activate the same snapshot, and a snapshot that
   * another instance has just activated is not announced twice.
   */
  /** `candidates`: how many due snapshots the batch looked at; fewer than `limit` means none are left. */
  async activateDue(
    em: EntityManager,
    now: Date,
    limit: number,
  ): Promise<{ activations: Activation[]; candidates: number }> {
    const at = instantParam(now);
    const snapshots = this.snapshots(em);
    const postgres = em.connection.options.type === 'postgres';
    // Due snapshots in index order, with their entity rows. On PostgreSQL the entity rows are locked
    // and rows another instance holds are skipped, so instances share the work without waiting on,
    // or deadlocking with, each other.
    const candidateQuery = snapshots
      .createQueryBuilder('s')
      .innerJoin(this.spec.entity, 'e', `e.id = s.${this.spec.ownerColumn}`)
      .select('e.id', 'owner')
      .addSelect('e.active_snapshot_id', 'previous')
      .where("s.state = 'scheduled' AND s.validFrom <= :at", { at })
      .orderBy('s.validFrom', 'ASC')
      .limit(limit);
    if (this.spec.parentProperty) candidateQuery.addSelect(`e.${this.spec.parentProperty}`, 'parent');
    if (postgres) candidateQuery.setLock('pessimistic_write', undefined, ['e']).setOnLocked('skip_locked');
    const candidateRows = await candidateQuery.getRawMany<{
      owner: string;
      parent?: string;
      previous: string | null;
    }>();
    if (!candidateRows.length) return { activations: [], candidates: 0 };
    const parents = new Map(candidateRows.map((r) => [r.owner, r.parent]));
    const previous = new Map(candidateRows.map((r) => [r.owner, r.previous]));
    const ownerIds = [...parents.keys()];

    // The due snapshots of the locked entities, read after locking, without their content.
    // `state || ''` keeps the planner on the (owner, valid_from) index: without statistics (right after
    // a bulk load) it would otherwise walk every due snapshot for each batch.
    const due = await snapshots
      .createQueryBuilder('s')
      .select(['s.id', 's.ownerId', 's.validFrom'])
      .where("s.ownerId IN (:...ownerIds) AND s.state || '' = 'scheduled' AND s.validFrom <= :at", { ownerIds, at })
      .orderBy('s.validFrom', 'ASC')
      .getMany();
    if (!due.length) return { activations: [], candidates: candidateRows.length };

    const latest = new Map<string, S>();
    const skipped = new Map<string, string[]>();
    for (const s of due) {
      const before = latest.get(s.ownerId);
      if (before) skipped.set(s.ownerId, [...(skipped.get(s.ownerId) ?? []), before.id]);
      latest.set(s.ownerId, s);
    }
    await snapshots
      .createQueryBuilder()
      .update()
      .set({ state: 'settled' } as never)
      .where({ id: In(due.map((s) => s.id)) })
      .execute();

    // One statement for the whole batch; UPDATE ... FROM (VALUES ...) works on both databases, and
    // VALUES names its columns column1, column2 on both. The IN list keeps PostgreSQL on the primary
    // key: joined with a thousand VALUES rows alone, it plans a scan of the whole table.
    const entityTable = em.connection.getMetadata(this.spec.entity).tableName;
    const pairs = [...latest.values()];
    await em.query(
      `UPDATE ${entityTable} SET active_snapshot_id = v.column2, revision = revision + 1 FROM (VALUES ${valuesList(em, pairs.length, 2)}) AS v ` +
        `WHERE ${entityTable}.id = v.column1 AND ${entityTable}.id IN ${valuesList(em, 1, pairs.length, 2 * pairs.length)}`,
      [...pairs.flatMap((s) => [s.ownerId, s.id]), ...pairs.map((s) => s.ownerId)],
    );

    const activations = [...latest.values()].map((s) => ({
      ownerId: s.ownerId,
      parentId: parents.get(s.ownerId),
      snapshotId: s.id,
      validFrom: s.validFrom,
      previousSnapshotId: previous.get(s.ownerId) ?? null,
      skippedSnapshotIds: skipped.get(s.ownerId) ?? [],
    }));
    return { activations, candidates: candidateRows.length };
  }

  private async insertSnapshot(
    em: EntityManager,
    ownerId: string,
    content: C,
    validFrom: Date,
    state: RecordedState,
    now: Date,
    extra?: SnapshotExtra<S>,
    id = newId(),
  ): Promise<S> {
    const described = this.spec.describe(content);
    const snapshot = Object.assign(new this.spec.snapshot(), {
      id,
      ownerId,
      validFrom,
      state,
      name: described.name ?? null,
      owner: described.owner ?? null,
      content,
      createdAt: now,
      ...extra,
    });
    const table = em.connection.getMetadata(this.spec.snapshot).tableName;
    try {
      await insertRow(em, this.spec.snapshot, snapshot);
    } catch (err) {
      const index = `uq_${table}_${this.spec.ownerColumn.replace(/_id$/, '')}_valid_from`;
      if (isUniqueViolation(err, { name: index, sqliteColumns: `${table}.valid_from` })) {
        throw new DomainError(
          'SNAPSHOT_CONFLICT',
          `The ${this.spec.label} already has a snapshot valid from ${validFrom.toISOString()}.`,
        );
      }
      throw err;
    }
    await this.writeMetadata(em, snapshot.id, described.metadata, false);
    await this.writeScopes(em, snapshot.id, described.scopes, false);
    return snapshot;
  }

  private async writeScopes(
    em: EntityManager,
    snapshotId: string,
    names: readonly string[] | null | undefined,
    replace: boolean,
  ): Promise<void> {
    if (!this.spec.scopes) return;
    const repo = em.getRepository(this.spec.scopes);
    if (replace) await repo.delete({ snapshotId });
    const unique = [...new Set(names ?? [])];
    if (unique.length) await repo.insert(unique.map((name) => ({ snapshotId, name })));
  }

  private async writeMetadata(
    em: EntityManager,
    snapshotId: string,
    items: readonly MetadataItem[] | null | undefined,
    replace: boolean,
  ): Promise<void> {
    const repo = em.getRepository(this.spec.metadata);
    if (replace) await repo.delete({ snapshotId });
    if (!items?.length) return;
    await repo.insert(
      items.map((item, position) => ({
        snapshotId,
        position,
        name: item.name,
        value: item.value ?? null,
        locale: item.locale ?? null,
      })),
    );
  }

  /** Records a change the caller made to the entity itself (a new ETag). */
  touch(em: EntityManager, entity: E): Promise<number> {
    return this.bump(em, entity);
  }

  /** Records a write: a new revision, and the active snapshot when it changed. */
  private async bump(em: EntityManager, entity: E, activeSnapshotId?: string): Promise<number> {
    const revision = entity.revision + 1;
    const result = await this.entities(em).update(
      { id: entity.id, revision: entity.revision } as never,
      {
        revision,
        ...(activeSnapshotId ? { activeSnapshotId } : {}),
      } as never,
    );
    // SQLite writes are serialised and PostgreSQL holds the row lock, so this only fails if the
    // caller did not load the entity in this transaction.
    if (result.affected === 0)
      throw new DomainError('PRECONDITION_FAILED', `The ${this.spec.label} changed during the request; read it again.`);
    entity.revision = revision;
    return revision;
  }
}

/**
 * The instant a snapshot read is about, e.g. for what it inherits from its setup: now for the snapshot
 * in force (or a read without a state), its own valid_from for a scheduled or historical one.
 */
export function readInstant(snapshot: { validFrom: Date }, state: SnapshotState | undefined, now: Date): Date {
  return state === 'active' || state === undefined ? now : snapshot.validFrom;
}

export function checkPrecondition(precondition: Precondition, revision: number): void {
  if (precondition === '*' || precondition.includes(revision)) return;
  throw new DomainError(
    'PRECONDITION_FAILED',
    'If-Match does not match the current ETag; read the resource again and retry.',
  );
}
