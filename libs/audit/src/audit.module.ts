import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditTrail } from './audit-trail';
import { ListAuditEntriesHandler } from './queries/list-audit-entries.handler';

/** Keeps the audit trail of every domain event (written in the change's transaction) and serves it. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryEntity])],
  providers: [AuditTrail, ListAuditEntriesHandler],
})
export class AuditModule {}
