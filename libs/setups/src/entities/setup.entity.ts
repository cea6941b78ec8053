import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '@app/core';

@Entity('setup')
export class SetupEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ name: 'active_snapshot_id', type: 'varchar', length: 32, nullable: true })
  activeSnapshotId: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: Date;
}
