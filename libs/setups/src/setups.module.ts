import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CreateSetupHandler } from './commands/create-setup/create-setup.handler';
import { DeleteSetupHandler } from './commands/delete-setup/delete-setup.handler';
import { DeleteSetupSnapshotHandler } from './commands/delete-setup-snapshot/delete-setup-snapshot.handler';
import { UpdateSetupHandler } from './commands/update-setup/update-setup.handler';
import { SetupEntity } from './entities/setup.entity';
import { SetupSnapshotEntity, SetupSnapshotMetadataEntity } from './entities/setup-snapshot.entity';
import { GetSetupHandler } from './queries/get-setup/get-setup.handler';
import { GetSetupSnapshotHandler } from './queries/get-setup-snapshot/get-setup-snapshot.handler';
import { ListSetupSnapshotsHandler } from './queries/list-setup-snapshots/list-setup-snapshots.handler';
import { ListSetupsHandler } from './queries/list-setups/list-setups.handler';
import { SetupActivation } from './setup.activation';
import { SetupContents } from './setup-contents';
import { SetupTimeline } from './setup.timeline';
import { SetupEditChecks } from './setup-edit-checks';

@Module({
  imports: [TypeOrmModule.forFeature([SetupEntity, SetupSnapshotEntity, SetupSnapshotMetadataEntity])],
  providers: [
    SetupTimeline,
    SetupActivation,
    SetupContents,
    SetupEditChecks,
    CreateSetupHandler,
    UpdateSetupHandler,
    DeleteSetupHandler,
    DeleteSetupSnapshotHandler,
    GetSetupHandler,
    ListSetupsHandler,
    ListSetupSnapshotsHandler,
    GetSetupSnapshotHandler,
  ],
  exports: [SetupTimeline, SetupActivation, SetupContents, SetupEditChecks],
})
export class SetupsModule {}
