export { AuditModule } from './audit.module';
export { AuditEntryEntity } from './audit-entry.entity';
export { type AuditFilter, type AuditPage, ListAuditEntriesQuery } from './queries/list-audit-entries.query';
