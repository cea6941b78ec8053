import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ResourceServersModule } from '@app/resource-servers';
import { SetupsModule } from '@app/setups';
import { ClientActivation } from './client.activation';
import { ClientTimeline } from './client.timeline';
import { CreateClientHandler } from './commands/create-client/create-client.handler';
import { DeleteClientHandler } from './commands/delete-client/delete-client.handler';
import { DeleteClientSnapshotHandler } from './commands/delete-client-snapshot/delete-client-snapshot.handler';
import { UpdateClientHandler } from './commands/update-client/update-client.handler';
import { RotateClientSecretHandler } from './commands/rotate-client-secret/rotate-client-secret.handler';
import { ClientSecretVerifier } from './client-secret-verifier';
import { ClientEntity } from './entities/client.entity';
import {
  ClientSnapshotEntity,
  ClientSnapshotMetadataEntity,
  ClientSnapshotScopeEntity,
} from './entities/client-snapshot.entity';
import { ClientDeletionCascade } from './events/client-deletion-cascade';
import { ClientByOauthIdHandler } from './queries/client-by-oauth-id/client-by-oauth-id.handler';
import { ClientNamesHandler } from './queries/client-names/client-names.handler';
import { GetClientHandler } from './queries/get-client/get-client.handler';
import { GetClientSnapshotHandler } from './queries/get-client-snapshot/get-client-snapshot.handler';
import { ListClientSnapshotsHandler } from './queries/list-client-snapshots/list-client-snapshots.handler';
import { ListClientsHandler } from './queries/list-clients/list-clients.handler';
import { ClientPolicy } from './client-policy';
import { ClientSecretCipher, ClientSecrets } from './client-secrets';
import { ClientRegistrationEntity } from './registration/entities/client-registration.entity';
import { InitialAccessTokenEntity } from './registration/entities/initial-access-token.entity';
import { RegistrationGate } from './registration/registration-gate';
import { RegisterClientHandler } from './registration/commands/register-client/register-client.handler';
import { UpdateRegisteredClientHandler } from './registration/commands/update-registered-client/update-registered-client.handler';
import { DeleteRegisteredClientHandler } from './registration/commands/delete-registered-client/delete-registered-client.handler';
import { GetRegisteredClientHandler } from './registration/queries/get-registered-client/get-registered-client.handler';
import { IssueInitialAccessTokenHandler } from './registration/commands/issue-initial-access-token/issue-initial-access-token.handler';
import { RevokeInitialAccessTokenHandler } from './registration/commands/revoke-initial-access-token/revoke-initial-access-token.handler';
import { ListInitialAccessTokensHandler } from './registration/queries/list-initial-access-tokens/list-initial-access-tokens.handler';
import { ClientDefaultsCheck } from './rules/client-defaults-check';
import { ClientConfigurationCache } from './queries/get-client-configuration/client-configuration.cache';
import { ClientConfigurationInvalidationHandler } from './queries/get-client-configuration/client-configuration-invalidation.handler';
import { GetClientConfigurationHandler } from './queries/get-client-configuration/get-client-configuration.handler';
import { SoftDeletedPurge } from './retention/soft-deleted-purge';
import { RegistrationCredentialsCascade } from './registration/registration-credentials-cascade';
import { ConsentTrimmer } from './consents/consent-trimmer';
import { ConsentTimeline } from './consents/consent-timeline';
import { ExpiredConsentPurge } from './consents/expired-consent-purge';
import { PersistedConsentEntity } from './consents/persisted-consent.entity';
import { RecordConsentHandler } from './consents/commands/record-consent/record-consent.handler';
import { RevokeConsentHandler } from './consents/commands/revoke-consent/revoke-consent.handler';
import { ListConsentsHandler } from './consents/queries/list-consents/list-consents.handler';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      ClientEntity,
      ClientSnapshotEntity,
      ClientSnapshotMetadataEntity,
      ClientSnapshotScopeEntity,
      ClientRegistrationEntity,
      InitialAccessTokenEntity,
      PersistedConsentEntity,
    ]),
    SetupsModule,
    ResourceServersModule,
  ],
  providers: [
    ClientDefaultsCheck,
    ClientTimeline,
    ClientActivation,
    ClientPolicy,
    ClientSecretCipher,
    ClientSecrets,
    CreateClientHandler,
    UpdateClientHandler,
    RotateClientSecretHandler,
    ClientSecretVerifier,
    DeleteClientHandler,
    DeleteClientSnapshotHandler,
    GetClientHandler,
    ListClientsHandler,
    ClientNamesHandler,
    ClientByOauthIdHandler,
    ListClientSnapshotsHandler,
    GetClientSnapshotHandler,
    ClientDeletionCascade,
    RegistrationGate,
    RegisterClientHandler,
    UpdateRegisteredClientHandler,
    DeleteRegisteredClientHandler,
    GetRegisteredClientHandler,
    IssueInitialAccessTokenHandler,
    RevokeInitialAccessTokenHandler,
    ListInitialAccessTokensHandler,
    ClientConfigurationCache,
    GetClientConfigurationHandler,
    ClientConfigurationInvalidationHandler,
    SoftDeletedPurge,
    RegistrationCredentialsCascade,
    ConsentTrimmer,
    ConsentTimeline,
    ExpiredConsentPurge,
    RecordConsentHandler,
    RevokeConsentHandler,
    ListConsentsHandler,
  ],
  exports: [
    ClientSecretCipher,
    ClientActivation,
    ClientSecretVerifier,
    ClientConfigurationCache,
    SoftDeletedPurge,
    ExpiredConsentPurge,
  ],
})
export class ClientsModule {}
