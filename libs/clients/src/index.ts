export { ClientsModule } from './clients.module';
export * from './client-definition';
export { ClientActivation } from './client-activation';
export type { ClientRead, ClientView } from './client-view';
export { CreateClientCommand, type CreateClientResult } from './commands/create-client/create-client.command';
export { UpdateClientCommand, type UpdateClientResult } from './commands/update-client/update-client.command';
export { DeleteClientCommand } from './commands/delete-client/delete-client.command';
export { DeleteClientSnapshotCommand } from './commands/delete-client-snapshot/delete-client-snapshot.command';
export {
  ClientByOauthIdQuery,
  type ClientFilter,
  ClientNamesQuery,
  GetClientQuery,
  GetClientSnapshotQuery,
  ListClientSnapshotsQuery,
  ListClientsQuery,
  type Page,
} from './queries/client.queries';
export {
  ClientCreatedEvent,
  ClientDeletedEvent,
  ClientSnapshotActivatedEvent,
  ClientUpdatedEvent,
} from './events/client.events';
export { ClientEntity } from './entities/client.entity';
export { ClientSnapshotEntity, ClientSnapshotMetadataEntity } from './entities/client-snapshot.entity';
export { ClientSecretCipher } from './secrets';
export { type SeedShapedJwk } from './keys/normalise-jwk';
export { MAX_REDIRECT_URI_LENGTH } from './rules/redirect-uris';
export { clientDefinitionErrors } from './rules/client-rules';
export {
  RotateClientSecretCommand,
  type RotateClientSecretResult,
} from './commands/rotate-client-secret/rotate-client-secret.command';
export { ClientSecretVerifier } from './client-secret-verifier';
export { INHERITABLE_FIELDS, type InheritableField } from './client-defaults';
