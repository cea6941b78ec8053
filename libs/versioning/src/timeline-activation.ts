import { Inject, Optional } from '@nestjs/common';
import { type DataSource, type EntityManager, In } from 'typeorm';
import {
  type DomainEvent,
  type EventOutbox,
  instantParam,
  MetricsService,
  type TransactionRunner,
  valuesList,
} from '@app/core';
import type { Histogram } from 'prom-client';
import type { SnapshotTimeline } from './snapshot-timeline';
import type { Activation, TimelineSpec } from './timeline.types';
import type { SnapshotEntityBase, VersionedEntityBase } from './versioned.entities';

export const ACTIVATION_BATCH = 1000;
/** PostgreSQL: batches of clients activated at once during a mass activation (see activateDue). */
export const ACTIVATION_LANES = 2;

/** See TimelineActivation.follow. */
export type ActivationFollower = (
  em: EntityManager,
  activations: readonly Activation[],
  now: Date,
) => Promise<readonly DomainEvent[]>;

/** Activation lag buckets, in seconds: from the timer's milliseconds to a catch-up after hours of downtime. */
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 86_400];

/**
 * The scheduler's part of a timeline: activates the due snapshots of one entity kind and announces each
 * activation once. Each kind's library extends it with its timeline and its `...SnapshotActivated` event.
 */
export abstract class TimelineActivation<E extends VersionedEntityBase, S extends SnapshotEntityBase<C>, C> {
  /** Injected by property, so that the entity kinds' constructors need not pass it on. */
  @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService;
  private lag?: Histogram<'kind'>;

  private readonly spec: TimelineSpec<E, S, C>;

  protected constructor(
    private readonly tx: TransactionRunner,
    timeline: SnapshotTimeline<E, S, C>,
    private readonly events: EventOutbox,
    private readonly dataSource: DataSource,
  ) {
    this.spec = timeline.spec;
  }

  private readonly followers: ActivationFollower[] = [];

  /**
   * PostgreSQL: how many batches a mass activation runs at once (see activateDue). One unless the kind's
   * batches never share what they write: entities apart, their followers' writes too.
   */
  protected readonly lanes: number = 1;

  /** The event that announces one activation, which happened at `now`. */
  protected abstract announce(activation: Activation, now: Date): DomainEvent;

  /**
   * Work another library does in each batch's transaction, as the batch's snapshots come into force
   * (e.g. what follows from a scope a client stops asking for); its events are recorded with the batch.
   */
  follow(follower: ActivationFollower): void {
    this.followers.push(follower);
  }

  /**
   * Activates everything due at `now`, one transaction per batch of entities, so that any number of
   * due snapshots never sits in memory at once; each batch's announcements are recorded in its
   * transaction (EventOutbox) and published in-process once it has committed. Returns how many snapshots were activated. Once `stop` is aborted (the service is shutting down) no
   * further batch starts; what is left stays due, for the next run or another instance.
   */
  async activateDue(now: Date, batch = ACTIVATION_BATCH, stop?: AbortSignal): Promise<number> {
    if (stop?.aborted) return 0;
    const first = await this.activateOneBatch(now, batch);
    if (first.done) return first.activated;
    // A full first batch means a mass activation, typically right after many changes were scheduled
    // at once, before autovacuum has refreshed the statistics. Without them PostgreSQL sorts every
    // due snapshot for each batch; one ANALYZE (a fraction of a second) restores the index plans.
    await this.tx.run((em) => this.refreshStatistics(em));
    // PostgreSQL: several batches at once where the kind allows it (`lanes`), each on its own connection.
    // The entity rows a batch locks are skipped by the others (SKIP LOCKED), so they never activate the
    // same snapshot, and one batch's statements run while another's results come back. SQLite has one
    // connection: one batch at a time. Every lane ends before this does, also when one fails.
    const lanes = this.dataSource.options.type === 'postgres' ? this.lanes : 1;
    const drained = await Promise.allSettled(Array.from({ length: lanes }, () => this.drain(now, batch, stop)));
    const failed = drained.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return drained.reduce((sum, r) => sum + (r as PromiseFulfilledResult<number>).value, first.activated);
  }

  /** Batch after batch until nothing is left that this lane can take. */
  private async drain(now: Date, batch: number, stop?: AbortSignal): Promise<number> {
    let total = 0;
    while (!stop?.aborted) {
      const { activated, done } = await this.activateOneBatch(now, batch);
      total += activated;
      if (done) break;
    }
    return total;
  }

  /**
   * One batch in its own transaction. `done`: fewer candidates than a batch (nothing more is due), or
   * no progress (the rest is locked by another lane or instance, which activates it).
   */
  private async activateOneBatch(now: Date, batch: number): Promise<{ activated: number; done: boolean }> {
    let announced: DomainEvent[] = [];
    const { activations, candidates } = await this.events.run(
      async (em) => {
        const result = await this.activateBatch(em, now, batch);
        const followed: DomainEvent[] = [];
        if (result.activations.length)
          for (const follower of this.followers) followed.push(...(await follower(em, result.activations, now)));
        return { ...result, followed };
      },
      (result) => {
        announced = result.activations.map((a) => this.announce(a, now));
        return [...announced, ...result.followed];
      },
    );
    this.observeLag(announced);
    return { activated: activations.length, done: candidates < batch || activations.length === 0 };
  }

  /** Activation lag: from each snapshot's valid_from to the instant it was activated (the events' occurredAt). */
  private observeLag(events: DomainEvent[]): void {
    if (!this.metrics || !events.length) return;
    this.lag ??= this.metrics.histogram({
      name: 'oauth_registry_activation_lag_seconds',
      help: 'Seconds from a snapshot valid_from to its activation, per entity kind',
      labelNames: ['kind'],
      buckets: LAG_BUCKETS,
    });
    // One timeline, one kind: the labelled child is looked up once per batch, not per event.
    const lag = this.lag.labels({ kind: events[0].entityType });
    for (const e of events)
      if (e.validFrom) lag.observe(Math.max(0, (e.occurredAt.getTime() - e.validFrom.getTime()) / 1000));
  }

  /** PostgreSQL: refreshes the planner statistics of this kind's tables (see activateDue). */
  private async refreshStatistics(em: EntityManager): Promise<void> {
    if (em.connection.options.type !== 'postgres') return;
    const table = (target: new () => object) => em.connection.getMetadata(target).tableName;
    await em.query(`ANALYZE ${table(this.spec.snapshot)}, ${table(this.spec.entity)}`);
  }

  /** The earliest instant at which a scheduled snapshot becomes due, or null. */
  async nextDueAt(em: EntityManager = this.dataSource.manager): Promise<Date | null> {
    const row = await em
      .getRepository(this.spec.snapshot)
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
  async activateBatch(
    em: EntityManager,
    now: Date,
    limit: number,
  ): Promise<{ activations: Activation[]; candidates: number }> {
    const at = instantParam(now);
    const snapshots = em.getRepository(this.spec.snapshot);
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
}
