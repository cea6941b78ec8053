import type { SnapshotState } from '@app/versioning';
import type { SetupSnapshotEntity } from './entities/setup-snapshot.entity';
import type { SetupDefinition } from './setup-definition';

export type SetupView = SetupDefinition & {
  setupId: string;
  snapshotId: string;
  valid_from: string;
  state?: SnapshotState;
};

/** A setup snapshot as the API shows it; `revision` becomes the ETag. */
export interface SetupRead {
  view: SetupView;
  revision: number;
}

export function toSetupView(snapshot: SetupSnapshotEntity, state?: SnapshotState): SetupView {
  return {
    setupId: snapshot.ownerId,
    snapshotId: snapshot.id,
    ...(state ? { state } : {}),
    ...snapshot.content,
    valid_from: snapshot.validFrom.toISOString(),
  };
}
