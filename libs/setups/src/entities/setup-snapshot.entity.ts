import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs, jsonText, type SnapshotState } from '@app/core';
import type { SetupDefinition } from '../setup-definition';

@Entity('setup_snapshot')
export class SetupSnapshotEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ name: 'setup_id', type: 'varchar', length: 32 })
  setupId: string;

  @Column({ name: 'valid_from', type: 'bigint', transformer: epochMs })
  validFrom: Date;

  @Column({ type: 'varchar', length: 16 })
  state: SnapshotState;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  owner: string | null;

  @Column({ type: 'text', transformer: jsonText })
  content: SetupDefinition;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: Date;
}
