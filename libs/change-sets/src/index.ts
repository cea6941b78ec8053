export { ChangeSetsModule } from './change-sets.module';
export { MAX_CHANGES } from './change-set-runner';
export type {
  ChangeSetDocument,
  ChangeSetOutcome,
  ClientEntry,
  DocumentEntry,
  EntityKind,
  PlannedChange,
} from './change-set-document';
export { KEEP_SECRET } from './export-form';
export { ExportSetupQuery, type SetupDocument } from './queries/export-setup/export-setup.query';
export { PlanChangeSetQuery } from './queries/plan-change-set/plan-change-set.query';
export { ApplyChangeSetCommand } from './commands/apply-change-set/apply-change-set.command';
export { ChangeSetAppliedEvent } from './events/change-set-applied.event';
export { type EntityRef } from './snapshot-bodies';
export { SnapshotDiffQuery, type SnapshotDiff } from './queries/snapshot-diff/snapshot-diff.query';
export { RestoreSnapshotCommand, type RestoreResult } from './commands/restore-snapshot/restore-snapshot.command';
