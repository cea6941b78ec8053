import type { EntityManager } from 'typeorm';
import {
  DomainError,
  insertRowSets,
  insertRows,
  instantParam,
  isUniqueViolation,
  newId,
  type RowSet,
  ValidationFailedError,
} from '@app/core';
import type { Precondition } from './precondition';
import { SnapshotReader } from './snapshot-reader';
import { metadataRows, scopeRows } from './snapshot-rows';
import { type Deletion, softDelete, type VersionedTables } from './soft-deletion';
import type { AppendResult, EditOptions, MetadataItem, Prepared, SnapshotExtra } from './timeline.types';
import type { RecordedState, SnapshotEntityBase, VersionedEntityBase } from './versioned.entities';

/**
 * The one implementation of dated snapshots, shared by every versioned entity kind: the writes
 * (create, append, schedule, replace in place, delete), on top of the reads of `SnapshotReader`.
 * Activation of due snapshots is `TimelineActivation`'s. Every method takes the EntityManager of the
 * caller's transaction.
 */
export class SnapshotTimeline<E extends VersionedEntityBase, S extends SnapshotEntityBase<C>, C> extends SnapshotReader<
  E,
  S,
  C
> {
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
    const { result, sets } = this.creation(row, content, requested, now, extra);
    // The entity row goes in with its snapshot (one statement on PostgreSQL).
    await this.insertSets(em, { snapshot: result.snapshot, sets });
    return result;
  }

  /**
   * What `create` writes, not written yet: the entity row, its first snapshot and the snapshot's
   * metadata and scope rows, in the order they are inserted (for a caller that writes them in one
   * statement with other rows, EventOutbox.insertAtOnce).
   */
  creation(
    row: Omit<E, keyof VersionedEntityBase> & Pick<E, 'id'>,
    content: C,
    requested: Date | undefined,
    now: Date,
    extra?: SnapshotExtra<S>,
  ): { result: AppendResult<S>; sets: RowSet[] } {
    const immediate = !requested || requested.getTime() <= now.getTime();
    const snapshotId = newId();
    const entity = Object.assign(new this.spec.entity(), row, {
      activeSnapshotId: immediate ? snapshotId : null,
      revision: 1,
      createdAt: now,
      deletedAt: null,
      deletedBy: null,
    });
    const { snapshot, sets } = this.snapshotRows(
      row.id,
      content,
      immediate ? now : requested!,
      immediate ? 'settled' : 'scheduled',
      now,
      extra,
      snapshotId,
    );
    return {
      result: { snapshot, immediate, revision: 1 },
      sets: [{ target: this.spec.entity, rows: [entity] }, ...sets],
    };
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
      const snapshot = await this.insertSets(
        em,
        this.snapshotRows(ownerId, content, requested, 'scheduled', now, extra),
      );
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
    const snapshot = await this.insertSets(em, this.snapshotRows(ownerId, content, validFrom, 'settled', now, extra));
    return { snapshot, immediate: true, revision: await this.bump(em, entity, snapshot.id) };
  }

  /**
   * PUT of an entity: locks it, checks If-Match, then schedules, appends or replaces in place.
   * `replaceActive` with a future valid_from is refused: it would rewrite history in advance.
   * Answers also the content the new snapshot follows (in force at its valid_from before the edit).
   */
  async edit(
    em: EntityManager,
    id: string,
    options: EditOptions,
    now: Date,
    prepare: (entity: E, inForce: S | null) => Promise<Prepared<S, C>> | Prepared<S, C>,
  ): Promise<AppendResult<S> & { entity: E; previousContent: C | null }> {
    if (options.replaceActive && options.validFrom && options.validFrom.getTime() > now.getTime()) {
      throw new ValidationFailedError('INVALID_REQUEST', [
        {
          path: '/valid_from',
          message: 'replaceActiveState=true rewrites the active snapshot; it cannot take a future valid_from',
        },
      ]);
    }
    const entity = await this.load(em, id, { lock: true, precondition: options.precondition });
    const inForce = await this.inForceAt(em, id, now);
    // The configuration the new snapshot follows (what an audit diff compares it with).
    const scheduled = !options.replaceActive && options.validFrom && options.validFrom.getTime() > now.getTime();
    const follows = scheduled ? await this.inForceAt(em, id, options.validFrom!) : inForce;
    const previousContent = follows?.content ?? null;
    const { content, extra } = await prepare(entity, inForce);
    const result = options.replaceActive
      ? await this.replaceActive(em, entity, content, now, extra)
      : await this.append(em, entity, content, options.validFrom, now, extra);
    return { ...result, entity, previousContent };
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
  async remove(em: EntityManager, id: string, precondition: Precondition | undefined, deletion?: Deletion): Promise<E> {
    const entity = await this.load(em, id, { lock: true, precondition });
    if (deletion) await softDelete(em, this.tables(em), { column: 'id', value: id }, deletion);
    else await this.entities(em).delete(id);
    return entity;
  }

  /**
   * Soft-deletes the live entities of a parent (e.g. the clients of a deleted setup) with the parent's
   * deletion; see softDelete. Returns their ids.
   */
  removeOfParent(em: EntityManager, parentId: string, deletion: Deletion): Promise<string[]> {
    const parent = this.spec.parentProperty;
    if (!parent) throw new Error(`A ${this.spec.label} has no parent`);
    const column = em.connection.getMetadata(this.spec.entity).findColumnWithPropertyName(parent)!.databaseName;
    return softDelete(em, this.tables(em), { column, value: parentId }, deletion);
  }

  /** This kind's table names, for soft deletion and purging. */
  tables(em: EntityManager): VersionedTables {
    return {
      table: em.connection.getMetadata(this.spec.entity).tableName,
      snapshotTable: em.connection.getMetadata(this.spec.snapshot).tableName,
      ownerColumn: this.spec.ownerColumn,
    };
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

  /** A snapshot with its metadata and scope rows: one unit. */
  private snapshotRows(
    ownerId: string,
    content: C,
    validFrom: Date,
    state: RecordedState,
    now: Date,
    extra?: SnapshotExtra<S>,
    id = newId(),
  ): { snapshot: S; sets: RowSet[] } {
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
    return {
      snapshot,
      sets: [
        { target: this.spec.snapshot, rows: [snapshot] },
        { target: this.spec.metadata, rows: metadataRows(id, described.metadata) },
        ...(this.spec.scopes ? [{ target: this.spec.scopes, rows: scopeRows(id, described.scopes) }] : []),
      ],
    };
  }

  /** Writes a snapshot's rows (and a new entity's row first): SNAPSHOT_CONFLICT when its valid_from is taken. */
  private async insertSets(
    em: EntityManager,
    { snapshot, sets }: { snapshot: S; sets: readonly RowSet[] },
  ): Promise<S> {
    const table = em.connection.getMetadata(this.spec.snapshot).tableName;
    try {
      await insertRowSets(em, sets);
    } catch (err) {
      const index = `uq_${table}_${this.spec.ownerColumn.replace(/_id$/, '')}_valid_from`;
      if (isUniqueViolation(err, { name: index, sqliteColumns: `${table}.valid_from` })) {
        throw new DomainError(
          'SNAPSHOT_CONFLICT',
          `The ${this.spec.label} already has a snapshot valid from ${snapshot.validFrom.toISOString()}.`,
        );
      }
      throw err;
    }
    return snapshot;
  }

  private async writeScopes(
    em: EntityManager,
    snapshotId: string,
    names: readonly string[] | null | undefined,
    replace: boolean,
  ): Promise<void> {
    if (!this.spec.scopes) return;
    if (replace) await em.getRepository(this.spec.scopes).delete({ snapshotId });
    await insertRows(em, this.spec.scopes, scopeRows(snapshotId, names));
  }

  private async writeMetadata(
    em: EntityManager,
    snapshotId: string,
    items: readonly MetadataItem[] | null | undefined,
    replace: boolean,
  ): Promise<void> {
    if (replace) await em.getRepository(this.spec.metadata).delete({ snapshotId });
    await insertRows(em, this.spec.metadata, metadataRows(snapshotId, items));
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
