import type { DataSource } from 'typeorm';
import type { DomainEvent, EventOutbox, TransactionRunner } from '@app/core';
import type { Activation, SnapshotTimeline } from './snapshot-timeline';
import type { SnapshotEntityBase, VersionedEntityBase } from './versioned.entities';

export const ACTIVATION_BATCH = 1000;

/**
 * Activates the due snapshots of one entity kind and announces each activation once. Each kind's
 * library extends it with its timeline and its `...SnapshotActivated` event.
 */
export abstract class TimelineActivation<E extends VersionedEntityBase, S extends SnapshotEntityBase<C>, C> {
  protected constructor(
    private readonly tx: TransactionRunner,
    private readonly timeline: SnapshotTimeline<E, S, C>,
    private readonly events: EventOutbox,
    private readonly dataSource: DataSource,
  ) {}

  /** The event that announces one activation, which happened at `now`. */
  protected abstract announce(activation: Activation, now: Date): DomainEvent;

  /**
   * Activates everything due at `now`, one transaction per batch of entities, so that any number of
   * due snapshots never sits in memory at once; each batch's announcements are recorded in its
   * transaction (EventOutbox) and published in-process once it has committed.
   * Returns how many snapshots were activated.
   */
  async activateDue(now: Date, batch = ACTIVATION_BATCH): Promise<number> {
    let total = 0;
    for (let round = 0; ; round++) {
      const { activations, candidates } = await this.events.run(
        (em) => this.timeline.activateDue(em, now, batch),
        (result) => result.activations.map((a) => this.announce(a, now)),
      );
      total += activations.length;
      // A full first batch means a mass activation, typically right after many changes were scheduled
      // at once, before autovacuum has refreshed the statistics. Without them PostgreSQL sorts every
      // due snapshot for each batch; one ANALYZE (a fraction of a second) restores the index plans.
      if (round === 0 && candidates >= batch) await this.tx.run((em) => this.timeline.refreshStatistics(em));
      // Fewer candidates than a batch: nothing more is due. No progress: the rest is locked by another instance.
      if (candidates < batch || activations.length === 0) return total;
    }
  }

  nextDueAt(): Promise<Date | null> {
    return this.timeline.nextDueAt(this.dataSource.manager);
  }
}
