/**
 * What a reader sees of a snapshot: `scheduled` until its valid_from passes, then `active` while it is
 * the latest one in force, then `historical`. Derived from valid_from and the clock, so a snapshot is
 * never served early, even before the scheduler has recorded its activation.
 */
export type SnapshotState = 'scheduled' | 'active' | 'historical';

/**
 * The instant a snapshot read is about, e.g. for what it inherits from its setup: now for the snapshot
 * in force (or a read without a state), its own valid_from for a scheduled or historical one.
 */
export function readInstant(snapshot: { validFrom: Date }, state: SnapshotState | undefined, now: Date): Date {
  return state === 'active' || state === undefined ? now : snapshot.validFrom;
}
