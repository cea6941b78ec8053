import { Inject, Optional } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { type DomainEvent, type EventOutbox, MetricsService, type TransactionRunner } from '@app/core';
import type { Histogram } from 'prom-client';
import type { Activation, SnapshotTimeline } from './snapshot-timeline';
import type { SnapshotEntityBase, VersionedEntityBase } from './versioned.entities';

export const ACTIVATION_BATCH = 1000;

/** Activation lag buckets, in seconds: from the timer's milliseconds to a catch-up after hours of downtime. */
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 86_400];

/**
 * Activates the due snapshots of one entity kind and announces each activation once. Each kind's
 * library extends it with its timeline and its `...SnapshotActivated` event.
 */
export abstract class TimelineActivation<E extends VersionedEntityBase, S extends SnapshotEntityBase<C>, C> {
  /** Injected by property, so that the entity kinds' constructors need not pass it on. */
  @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService;
  private lag?: Histogram<'kind'>;

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
   * transaction (EventOutbox) and published in-process once it has committed. Returns how many snapshots were activated. Once `stop` is aborted (the service is shutting down) no
   * further batch starts; what is left stays due, for the next run or another instance.
   */
  async activateDue(now: Date, batch = ACTIVATION_BATCH, stop?: AbortSignal): Promise<number> {
    let total = 0;
    for (let round = 0; !stop?.aborted; round++) {
      let announced: DomainEvent[] = [];
      const { activations, candidates } = await this.events.run(
        (em) => this.timeline.activateDue(em, now, batch),
        (result) => (announced = result.activations.map((a) => this.announce(a, now))),
      );
      this.observeLag(announced);
      total += activations.length;
      // A full first batch means a mass activation, typically right after many changes were scheduled
      // at once, before autovacuum has refreshed the statistics. Without them PostgreSQL sorts every
      // due snapshot for each batch; one ANALYZE (a fraction of a second) restores the index plans.
      if (round === 0 && candidates >= batch) await this.tx.run((em) => this.timeline.refreshStatistics(em));
      // Fewer candidates than a batch: nothing more is due. No progress: the rest is locked by another instance.
      if (candidates < batch || activations.length === 0) return total;
    }
    return total;
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

  nextDueAt(): Promise<Date | null> {
    return this.timeline.nextDueAt(this.dataSource.manager);
  }
}
