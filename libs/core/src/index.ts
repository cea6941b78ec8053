export {
  type AppConfig,
  type AuthConfig,
  type DatabaseConfig,
  InvalidConfigError,
  loadConfig,
  type OidcConfig,
  type OutboxConfig,
  type StaticToken,
} from './config/app-config';
export { AppConfigService, CoreModule } from './core.module';
export { DatabaseModule } from './database/database.module';
export { buildDataSourceOptions } from './database/data-source-options';
export { TransactionRunner } from './database/transaction-runner';
export { epochMs, instantParam, jsonText } from './database/columns';
export { isForeignKeyViolation, isUniqueViolation } from './database/unique-violation';
export { isDatabaseUnavailable } from './database/database-unavailable';
export { MetricsService } from './metrics/metrics.service';
export { SecretCipher, loadOrCreateKeyFile } from './crypto/secret-cipher';
export { ensurePrivateDirectory, ensurePrivateFile } from './database/private-files';
export {
  DatabaseUnavailableError,
  DomainError,
  type ErrorCode,
  type FieldError,
  jsonPointer,
  NotFoundError,
  NotYetValidError,
  ValidationFailedError,
} from './errors/domain-error';
export { Clock, SystemClock } from './clock';
export { ID_PATTERN, isId, newId, newTimeOrderedId } from './ids';
export { type Actor } from './actor';
export {
  insertAtOnce,
  type InsertGuard,
  type InsertPart,
  insertRow,
  insertRowSets,
  insertRows,
  type RowSet,
} from './database/insert-row';
export { hydrateRows, sqlParam } from './database/hydrate';
export { fixedQuery } from './database/fixed-query';
export { DomainEvent, type EventDetail } from './domain-event';
export { parseInstant } from './instant';
export { EventLoopSlices } from './event-loop-slices';
export { valuesList } from './database/values-list';
export { existsPerRow } from './database/exists-per-row';
export { EventOutbox } from './outbox/event-outbox';
export { type SharedUnit } from './outbox/shared-unit';
export { OutboxRelay, type RelayStats } from './outbox/outbox-relay';
export { byCodePoint, canonical, isEqualJson } from './json/canonical-json';
export { jsonPatch, MASKED_SECRET, type PatchOperation } from './json/json-patch';
