import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditTrail } from './audit-trail';
import { DomainEventsAuditHandler } from './handlers/domain-events.handler';
import { ListAuditEntriesHandler } from './queries/list-audit-entries.handler';

/** Follows the domain events of the other libraries and keeps the audit trail. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryEntity])],
  providers: [AuditTrail, DomainEventsAuditHandler, ListAuditEntriesHandler],
})
export class AuditModule {}
