/**
 * A snapshot is `scheduled` until its valid_from passes, then `active` until a later one takes
 * over, then `historical`. Reads resolve the active snapshot from valid_from and the clock, so a
 * snapshot is never served early even before the scheduler has recorded its activation.
 */
export type SnapshotState = 'scheduled' | 'active' | 'historical';

export interface InitialTiming {
  validFrom: Date;
  state: Extract<SnapshotState, 'scheduled' | 'active'>;
}

/** valid_from absent or not in the future means "now"; a future one schedules the snapshot. */
export function initialTiming(requested: Date | undefined, now: Date): InitialTiming {
  if (requested && requested.getTime() > now.getTime()) return { validFrom: requested, state: 'scheduled' };
  return { validFrom: now, state: 'active' };
}
