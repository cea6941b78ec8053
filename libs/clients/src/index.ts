export { ClientsModule } from './clients.module';
export * from './client-definition';
export { ClientActivation } from './client.activation';
export type { ClientRead, ClientView } from './client-view';
export { CreateClientCommand, type CreateClientResult } from './commands/create-client/create-client.command';
export { UpdateClientCommand, type UpdateClientResult } from './commands/update-client/update-client.command';
export { DeleteClientCommand } from './commands/delete-client/delete-client.command';
export { DeleteClientSnapshotCommand } from './commands/delete-client-snapshot/delete-client-snapshot.command';
export { ClientByOauthIdQuery } from './queries/client-by-oauth-id/client-by-oauth-id.query';
export { type ClientFilter, ListClientsQuery, type Page } from './queries/list-clients/list-clients.query';
export { ClientNamesQuery } from './queries/client-names/client-names.query';
export { GetClientQuery } from './queries/get-client/get-client.query';
export { GetClientSnapshotQuery } from './queries/get-client-snapshot/get-client-snapshot.query';
export { ListClientSnapshotsQuery } from './queries/list-client-snapshots/list-client-snapshots.query';
export {
  ClientCreatedEvent,
  ClientDeletedEvent,
  ClientSnapshotActivatedEvent,
  ClientUpdatedEvent,
} from './events/client.events';
export { ClientEntity } from './entities/client.entity';
export { ClientSnapshotEntity, ClientSnapshotMetadataEntity } from './entities/client-snapshot.entity';
export { ClientSecretCipher } from './client-secrets';
export { type SeedShapedJwk } from './keys/normalise-jwk';
export { MAX_REDIRECT_URI_LENGTH } from './rules/redirect-uris';
export { clientDefinitionErrors } from './rules/client-rules';
export {
  RotateClientSecretCommand,
  type RotateClientSecretResult,
} from './commands/rotate-client-secret/rotate-client-secret.command';
export { ClientSecretVerifier } from './client-secret-verifier';
export { INHERITABLE_FIELDS, type InheritableField } from './client-defaults';
export {
  RegisterClientCommand,
  type RegisterClientResult,
} from './registration/commands/register-client/register-client.command';
export { UpdateRegisteredClientCommand } from './registration/commands/update-registered-client/update-registered-client.command';
export { DeleteRegisteredClientCommand } from './registration/commands/delete-registered-client/delete-registered-client.command';
export { GetRegisteredClientQuery } from './registration/queries/get-registered-client/get-registered-client.query';
export {
  IssueInitialAccessTokenCommand,
  type IssueInitialAccessTokenResult,
} from './registration/commands/issue-initial-access-token/issue-initial-access-token.command';
export { RevokeInitialAccessTokenCommand } from './registration/commands/revoke-initial-access-token/revoke-initial-access-token.command';
export { ListInitialAccessTokensQuery } from './registration/queries/list-initial-access-tokens/list-initial-access-tokens.query';
export type { InitialAccessTokenView } from './registration/entities/initial-access-token.entity';
export { ClientRegistrationEntity } from './registration/entities/client-registration.entity';
export { InitialAccessTokenEntity } from './registration/entities/initial-access-token.entity';
export type { RegistrationCredential } from './registration/registration-credential';
export { storedClientContent } from './stored-client-content';
export { GetClientConfigurationQuery } from './queries/get-client-configuration/get-client-configuration.query';
export type { ClientConfiguration } from './queries/get-client-configuration/client-configuration';
export { ClientConfigurationCache } from './queries/get-client-configuration/client-configuration.cache';
export { SoftDeletedPurge } from './retention/soft-deleted-purge';
export { PersistedConsentEntity } from './consents/persisted-consent.entity';
export { type ConsentView, type ConsentViewer } from './consents/consent-view';
export { RecordConsentCommand } from './consents/commands/record-consent/record-consent.command';
export { RevokeConsentCommand } from './consents/commands/revoke-consent/revoke-consent.command';
export { type ConsentFilter, ListConsentsQuery } from './consents/queries/list-consents/list-consents.query';
export { ConsentGrantedEvent, ConsentRevokedEvent, ConsentScopesReducedEvent } from './consents/events/consent.events';
export { ExpiredConsentPurge } from './consents/expired-consent-purge';
