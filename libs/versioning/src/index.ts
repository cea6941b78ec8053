export {
  type RecordedState,
  SnapshotEntityBase,
  SnapshotMetadataBase,
  SnapshotScopeBase,
  VersionedEntityBase,
} from './versioned.entities';
export type {
  Activation,
  AppendResult,
  EditOptions,
  LoadOptions,
  MetadataItem,
  Prepared,
  SnapshotExtra,
  TimelineSpec,
} from './timeline.types';
export { checkPrecondition, type Precondition } from './precondition';
export { readInstant, type SnapshotState } from './snapshot-state';
export { inForceCondition } from './in-force';
export { SnapshotReader } from './snapshot-reader';
export { SnapshotTimeline } from './snapshot-timeline';
export { ACTIVATION_BATCH, ACTIVATION_LANES, type ActivationFollower, TimelineActivation } from './timeline-activation';
export {
  DEFAULT_SOFT_DELETE_RETENTION_DAYS,
  type Deletion,
  deletionFor,
  purgeSoftDeleted,
  softDelete,
  type VersionedTables,
  whereLive,
  withDeletion,
} from './soft-deletion';
