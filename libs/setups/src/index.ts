export { SetupsModule } from './setups.module';
export { SetupTimeline, setupNotFound } from './setup.timeline';
export { SetupActivation } from './setup.activation';
export { SetupContents, type SetupContentsReader } from './setup-contents';
export { SetupEditChecks, type SetupEditCheck } from './setup-edit-checks';
export type {
  ClientDefaults,
  MetadataItem,
  ResourceServerDefaults,
  ScopePolicy,
  SetupDefinition,
} from './setup-definition';
export type { SetupRead, SetupView } from './setup-view';
export { CreateSetupCommand } from './commands/create-setup/create-setup.command';
export { UpdateSetupCommand } from './commands/update-setup/update-setup.command';
export { DeleteSetupCommand } from './commands/delete-setup/delete-setup.command';
export { DeleteSetupSnapshotCommand } from './commands/delete-setup-snapshot/delete-setup-snapshot.command';
export { GetSetupQuery } from './queries/get-setup/get-setup.query';
export { GetSetupSnapshotQuery } from './queries/get-setup-snapshot/get-setup-snapshot.query';
export { ListSetupSnapshotsQuery } from './queries/list-setup-snapshots/list-setup-snapshots.query';
export { ListSetupsQuery, type MetadataFilter, type SetupFilter } from './queries/list-setups/list-setups.query';
export {
  SetupCreatedEvent,
  SetupDeletedEvent,
  SetupSnapshotActivatedEvent,
  SetupUpdatedEvent,
} from './events/setup.events';
export { SetupEntity } from './entities/setup.entity';
export { SetupSnapshotEntity, SetupSnapshotMetadataEntity } from './entities/setup-snapshot.entity';
export { duplicateMetadataErrors } from './metadata-rules';
export {
  type AllowedRedirectUris,
  PRIVATE_USE_SCHEME_POLICIES,
  REGISTRATION_ACCESS,
  type RegistrationAccess,
  type RegistrationPolicy,
} from './registration-policy';
