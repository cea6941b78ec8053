import type { TransactionRunner } from '@app/core';
import type { Activation, SnapshotTimeline } from './snapshot-timeline';
import type { SnapshotEntityBase, VersionedEntityBase } from './versioned.entities';

export const ACTIVATION_BATCH = 1000;

/**
 * Activates everything due at `now`, one transaction per batch of entities, so that any number of
 * due snapshots never sits in memory at once. `announce` runs after each batch has committed.
 * Returns how many snapshots were activated.
 */
export async function activateAllDue<E extends VersionedEntityBase, S extends SnapshotEntityBase<C>, C>(
  tx: TransactionRunner,
  timeline: SnapshotTimeline<E, S, C>,
  now: Date,
  announce: (activations: Activation[]) => void,
  batch = ACTIVATION_BATCH,
): Promise<number> {
  let total = 0;
  for (let round = 0; ; round++) {
    const { activations, candidates } = await tx.run((em) => timeline.activateDue(em, now, batch));
    announce(activations);
    total += activations.length;
    // A full first batch means a mass activation, typically right after many changes were scheduled
    // at once, before autovacuum has refreshed the statistics. Without them PostgreSQL sorts every
    // due snapshot for each batch; one ANALYZE (a fraction of a second) restores the index plans.
    if (round === 0 && candidates >= batch) await tx.run((em) => timeline.refreshStatistics(em));
    // Fewer candidates than a batch: nothing more is due. No progress: the rest is locked by another instance.
    if (candidates < batch || activations.length === 0) return total;
  }
}
