import type { SetupSnapshotEntity } from './entities/setup-snapshot.entity';
import type { SetupDefinition } from './setup-definition';

export type SetupView = SetupDefinition & { setupId: string; snapshotId: string; valid_from: string };

export function toSetupView(snapshot: SetupSnapshotEntity): SetupView {
  return { setupId: snapshot.setupId, snapshotId: snapshot.id, ...snapshot.content, valid_from: snapshot.validFrom.toISOString() };
}
