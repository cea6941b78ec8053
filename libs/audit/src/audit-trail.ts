import { Injectable, Logger } from '@nestjs/common';
import { insertRow, isUniqueViolation, newId, TransactionRunner } from '@app/core';
import { AuditEntryEntity } from './audit-entry.entity';

export type AuditRecord = Omit<AuditEntryEntity, 'id'>;

const EVENT_ID_INDEX = { name: 'uq_audit_entry_event_id', sqliteColumns: 'audit_entry.event_id' };

@Injectable()
export class AuditTrail {
  private readonly logger = new Logger(AuditTrail.name);

  constructor(private readonly tx: TransactionRunner) {}

  /**
   * Records one entry per event. Idempotent, and never throws: an audit failure is logged
   * (without the entry's details) rather than surfacing in an unrelated request.
   */
  async record(entry: AuditRecord): Promise<void> {
    try {
      await this.tx.run((em) => insertRow(em, AuditEntryEntity, { id: newId(), ...entry }));
    } catch (err) {
      if (isUniqueViolation(err, EVENT_ID_INDEX)) return;
      this.logger.error(`Could not record audit entry for event ${entry.eventId} (${entry.action} ${entry.entityId}): ${(err as Error).message}`);
    }
  }
}
