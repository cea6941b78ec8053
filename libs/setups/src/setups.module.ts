import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CreateSetupHandler } from './commands/create-setup/create-setup.handler';
import { SetupEntity } from './entities/setup.entity';
import { SetupSnapshotEntity } from './entities/setup-snapshot.entity';
import { GetSetupHandler } from './queries/get-setup.handler';
import { ListSetupsHandler } from './queries/list-setups.handler';
import { SetupReader } from './setup-reader';

@Module({
  imports: [TypeOrmModule.forFeature([SetupEntity, SetupSnapshotEntity])],
  providers: [CreateSetupHandler, GetSetupHandler, ListSetupsHandler, SetupReader],
  exports: [SetupReader],
})
export class SetupsModule {}
