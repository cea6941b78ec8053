import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs, jsonText, type SnapshotState } from '@app/core';
import type { ClientDefinition } from '../client-definition';

@Entity('client_snapshot')
export class ClientSnapshotEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ name: 'client_id', type: 'varchar', length: 32 })
  clientId: string;

  @Column({ name: 'valid_from', type: 'bigint', transformer: epochMs })
  validFrom: Date;

  @Column({ type: 'varchar', length: 16 })
  state: SnapshotState;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  owner: string | null;

  @Column({ type: 'text', transformer: jsonText })
  content: ClientDefinition;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: Date;
}
