import { Column, Entity } from 'typeorm';
import { SnapshotEntityBase, SnapshotMetadataBase, SnapshotScopeBase } from '@app/versioning';
import type { ResourceServerDefinition } from '../resource-server-definition';

@Entity('resource_server_snapshot')
export class ResourceServerSnapshotEntity extends SnapshotEntityBase<ResourceServerDefinition> {
  /** The resource server's id. */
  @Column({ name: 'resource_server_id', type: 'varchar', length: 32 })
  ownerId: string;
}

@Entity('resource_server_snapshot_metadata')
export class ResourceServerSnapshotMetadataEntity extends SnapshotMetadataBase {}

/** The scopes a resource-server snapshot declares. */
@Entity('resource_server_snapshot_scope')
export class ResourceServerSnapshotScopeEntity extends SnapshotScopeBase {}
