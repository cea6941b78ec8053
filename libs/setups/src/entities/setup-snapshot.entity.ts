import { Column, Entity } from 'typeorm';
import { SnapshotEntityBase, SnapshotMetadataBase } from '@app/versioning';
import type { SetupDefinition } from '../setup-definition';

@Entity('setup_snapshot')
export class SetupSnapshotEntity extends SnapshotEntityBase<SetupDefinition> {
  /** The setup's id. */
  @Column({ name: 'setup_id', type: 'varchar', length: 32 })
  ownerId: string;
}

@Entity('setup_snapshot_metadata')
export class SetupSnapshotMetadataEntity extends SnapshotMetadataBase {}
