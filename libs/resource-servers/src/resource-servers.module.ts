import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SetupsModule } from '@app/setups';
import { CreateResourceServerHandler } from './commands/create-resource-server/create-resource-server.handler';
import { DeleteResourceServerHandler } from './commands/delete-resource-server/delete-resource-server.handler';
import { DeleteResourceServerSnapshotHandler } from './commands/delete-resource-server-snapshot/delete-resource-server-snapshot.handler';
import { UpdateResourceServerHandler } from './commands/update-resource-server/update-resource-server.handler';
import { ResourceServerEntity } from './entities/resource-server.entity';
import {
  ResourceServerSnapshotEntity,
  ResourceServerSnapshotMetadataEntity,
  ResourceServerSnapshotScopeEntity,
} from './entities/resource-server-snapshot.entity';
import { ResourceServerDeletionCascade } from './events/resource-server-deletion-cascade';
import { GetResourceServerHandler } from './queries/get-resource-server/get-resource-server.handler';
import { GetResourceServerSnapshotHandler } from './queries/get-resource-server-snapshot/get-resource-server-snapshot.handler';
import { ListResourceServerSnapshotsHandler } from './queries/list-resource-server-snapshots/list-resource-server-snapshots.handler';
import { ListResourceServersHandler } from './queries/list-resource-servers/list-resource-servers.handler';
import { ResourceServerActivation } from './resource-server.activation';
import { ResourceServerTimeline } from './resource-server.timeline';
import { ScopeCatalog } from './scope-catalog';
import { DeclaredScopesFollowers } from './declared-scopes-followers';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      ResourceServerEntity,
      ResourceServerSnapshotEntity,
      ResourceServerSnapshotMetadataEntity,
      ResourceServerSnapshotScopeEntity,
    ]),
    SetupsModule,
  ],
  providers: [
    ResourceServerTimeline,
    ResourceServerActivation,
    ScopeCatalog,
    DeclaredScopesFollowers,
    CreateResourceServerHandler,
    UpdateResourceServerHandler,
    DeleteResourceServerHandler,
    DeleteResourceServerSnapshotHandler,
    GetResourceServerHandler,
    ListResourceServersHandler,
    ListResourceServerSnapshotsHandler,
    GetResourceServerSnapshotHandler,
    ResourceServerDeletionCascade,
  ],
  exports: [ResourceServerActivation, ScopeCatalog, DeclaredScopesFollowers],
})
export class ResourceServersModule {}
