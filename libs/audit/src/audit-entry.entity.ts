import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs, type EventDetail, jsonText } from '@app/core';

@Entity('audit_entry')
export class AuditEntryEntity {
  /** The event this entry records: one entry per event, so a redelivered event records nothing twice. */
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 32 })
  eventId: string;

  @Column({ name: 'occurred_at', type: 'bigint', transformer: epochMs })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 255 })
  actor: string;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 32 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 32 })
  entityId: string;

  @Column({ name: 'setup_id', type: 'varchar', length: 32, nullable: true })
  setupId: string | null;

  @Column({ name: 'snapshot_id', type: 'varchar', length: 32, nullable: true })
  snapshotId: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  details: Record<string, EventDetail> | null;
}
