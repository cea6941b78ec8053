import type { MetadataItem } from './timeline.types';
import type { SnapshotMetadataBase, SnapshotScopeBase } from './versioned.entities';

/** A snapshot's metadata items as rows, in order. */
export function metadataRows(
  snapshotId: string,
  items: readonly MetadataItem[] | null | undefined,
): SnapshotMetadataBase[] {
  return (items ?? []).map((item, position) => ({
    snapshotId,
    position,
    name: item.name,
    value: item.value ?? null,
    locale: item.locale ?? null,
  }));
}

/** A snapshot's scope names as rows, each once. */
export function scopeRows(snapshotId: string, names: readonly string[] | null | undefined): SnapshotScopeBase[] {
  return [...new Set(names ?? [])].map((name) => ({ snapshotId, name }));
}
