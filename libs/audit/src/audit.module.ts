import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditTrail } from './audit-trail';
import { DomainEventsAuditHandler } from './handlers/domain-events.handler';

/** Follows the domain events of the other libraries and keeps the audit trail. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryEntity])],
  providers: [AuditTrail, DomainEventsAuditHandler],
})
export class AuditModule {}
