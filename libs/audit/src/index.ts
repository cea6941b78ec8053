export { AuditModule } from './audit.module';
export { AuditEntryEntity } from './audit-entry.entity';
