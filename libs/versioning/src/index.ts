export {
  type RecordedState,
  SnapshotEntityBase,
  SnapshotMetadataBase,
  SnapshotScopeBase,
  VersionedEntityBase,
} from './versioned.entities';
export {
  type Activation,
  type AppendResult,
  checkPrecondition,
  readInstant,
  type MetadataItem,
  type Precondition,
  type SnapshotExtra,
  SnapshotTimeline,
  type TimelineSpec,
} from './snapshot-timeline';
export { ACTIVATION_BATCH, TimelineActivation } from './activation-runner';
export type { EditOptions, Prepared } from './snapshot-timeline';
