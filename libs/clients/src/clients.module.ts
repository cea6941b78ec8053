import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SetupsModule } from '@app/setups';
import { CreateClientHandler } from './commands/create-client/create-client.handler';
import { ClientEntity } from './entities/client.entity';
import { ClientSnapshotEntity } from './entities/client-snapshot.entity';
import { ClientSecretCipher } from './secrets';

@Module({
  imports: [TypeOrmModule.forFeature([ClientEntity, ClientSnapshotEntity]), SetupsModule],
  providers: [CreateClientHandler, ClientSecretCipher],
  exports: [ClientSecretCipher],
})
export class ClientsModule {}
