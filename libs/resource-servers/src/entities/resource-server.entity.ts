import { Column, Entity } from 'typeorm';
import { VersionedEntityBase } from '@app/versioning';

@Entity('resource_server')
export class ResourceServerEntity extends VersionedEntityBase {
  @Column({ name: 'setup_id', type: 'varchar', length: 32 })
  setupId: string;
}
