import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ResourceServersModule } from '@app/resource-servers';
import { SetupsModule } from '@app/setups';
import { ClientActivation } from './client-activation';
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
import { SetupDeletedHandler } from './handlers/setup-deleted.handler';
import {
  ClientByOauthIdHandler,
  ClientNamesHandler,
  GetClientHandler,
  GetClientSnapshotHandler,
  ListClientSnapshotsHandler,
  ListClientsHandler,
} from './queries/client-query.handlers';
import { ClientSecretCipher } from './secrets';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      ClientEntity,
      ClientSnapshotEntity,
      ClientSnapshotMetadataEntity,
      ClientSnapshotScopeEntity,
    ]),
    SetupsModule,
    ResourceServersModule,
  ],
  providers: [
    ClientTimeline,
    ClientActivation,
    ClientSecretCipher,
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
    SetupDeletedHandler,
  ],
  exports: [ClientSecretCipher, ClientActivation, ClientSecretVerifier],
})
export class ClientsModule {}
