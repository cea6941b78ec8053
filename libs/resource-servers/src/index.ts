export { ResourceServersModule } from './resource-servers.module';
export * from './resource-server-definition';
export { ResourceServerActivation } from './resource-server.activation';
export { ScopeCatalog } from './scope-catalog';
export { resourceServerDefinitionErrors } from './resource-server-rules';
export type { ResourceServerRead, ResourceServerView, ScopeView } from './resource-server-view';
export { CreateResourceServerCommand } from './commands/create-resource-server/create-resource-server.command';
export { UpdateResourceServerCommand } from './commands/update-resource-server/update-resource-server.command';
export { DeleteResourceServerCommand } from './commands/delete-resource-server/delete-resource-server.command';
export { DeleteResourceServerSnapshotCommand } from './commands/delete-resource-server-snapshot/delete-resource-server-snapshot.command';
export { GetResourceServerQuery } from './queries/get-resource-server/get-resource-server.query';
export { GetResourceServerSnapshotQuery } from './queries/get-resource-server-snapshot/get-resource-server-snapshot.query';
export { ListResourceServerSnapshotsQuery } from './queries/list-resource-server-snapshots/list-resource-server-snapshots.query';
export {
  ListResourceServersQuery,
  type ResourceServerFilter,
} from './queries/list-resource-servers/list-resource-servers.query';
export {
  ResourceServerCreatedEvent,
  ResourceServerDeletedEvent,
  ResourceServerSnapshotActivatedEvent,
  ResourceServerUpdatedEvent,
} from './events/resource-server.events';
export { ResourceServerEntity } from './entities/resource-server.entity';
export { DeclaredScopesFollowers, type DeclaredScopesFollower } from './declared-scopes-followers';
