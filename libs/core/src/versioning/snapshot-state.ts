/**
 * What a reader sees of a snapshot: `scheduled` until its valid_from passes, then `active` while it is
 * the latest one in force, then `historical`. Derived from valid_from and the clock, so a snapshot is
 * never served early, even before the scheduler has recorded its activation.
 */
export type SnapshotState = 'scheduled' | 'active' | 'historical';
