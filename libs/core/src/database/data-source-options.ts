import { Logger } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import { ensurePrivateDirectory, ensurePrivateSqliteFiles } from './private-files';
import { dirname } from 'node:path';
import { type DatabaseConfig, DEFAULT_POOL_SIZE } from '../config/app-config';
import { InitialSchema1764150000000 } from './migrations/1764150000000-initial-schema';
import { SnapshotTimelines1764160000000 } from './migrations/1764160000000-snapshot-timelines';
import { SecretRotation1764170000000 } from './migrations/1764170000000-secret-rotation';
import { ResourceServers1764180000000 } from './migrations/1764180000000-resource-servers';
import { Outbox1764190000000 } from './migrations/1764190000000-outbox';
import { ClientRegistration1765150000000 } from './migrations/1765150000000-client-registration';
import { NevisMetaShapes1765160000000 } from './migrations/1765160000000-nevismeta-shapes';
import { SoftDeletedStates1765160000001 } from './migrations/1765160000001-soft-deleted-states';
import { PersistedConsents1765160000002 } from './migrations/1765160000002-persisted-consents';

export const MIGRATIONS = [
  InitialSchema1764150000000,
  SnapshotTimelines1764160000000,
  SecretRotation1764170000000,
  ResourceServers1764180000000,
  Outbox1764190000000,
  ClientRegistration1765150000000,
  NevisMetaShapes1765160000000,
  SoftDeletedStates1765160000001,
  PersistedConsents1765160000002,
];

/**
 * The one DataSource options object: the app (through TypeOrmModule, which adds the entities)
 * and the TypeORM CLI (`data-source.ts`) both start from it. Schema changes only ever come
 * from migrations; `synchronize` stays off.
 */
export function buildDataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  if (db.type === 'postgres') {
    const queryTimeoutMs = db.queryTimeoutMs ?? 30_000;
    const logger = new Logger('Database');
    return {
      type: 'postgres',
      url: db.url,
      schema: db.schema,
      migrations: MIGRATIONS,
      migrationsRun: true,
      migrationsTransactionMode: 'all',
      synchronize: false,
      // A connection that breaks (PostgreSQL restarted, network cut) leaves the pool; the next query
      // opens a new one, so the service recovers by itself once the server answers again.
      poolErrorHandler: (err: Error) =>
        logger.warn(`An idle PostgreSQL connection failed and was dropped: ${err.message}`),
      extra: {
        // A request holds a connection only for its transaction's round trips; with 10, a create-heavy load
        // queued for connections while PostgreSQL had CPU to spare (BENCHMARKS.md, issue 14).
        max: db.poolSize ?? DEFAULT_POOL_SIZE,
        // While PostgreSQL is unreachable, requests fail after this long (503) instead of hanging.
        connectionTimeoutMillis: db.connectTimeoutMs ?? 5000,
        // A query the server never answers (a dead peer that sends no reset) fails too, a little after
        // the server-side limit would have cancelled it.
        ...(queryTimeoutMs ? { statement_timeout: queryTimeoutMs, query_timeout: queryTimeoutMs + 1000 } : {}),
        keepAlive: true,
        // A named schema also goes on the search path, so unqualified SQL in queries finds it.
        ...(db.schema ? { options: `-c search_path=${db.schema}` } : {}),
      },
    };
  }
  if (db.path !== ':memory:') {
    // The database holds encrypted secrets and every client's configuration: for this user's eyes only.
    ensurePrivateDirectory(dirname(db.path));
    ensurePrivateSqliteFiles(db.path);
  }
  return {
    type: 'better-sqlite3',
    database: db.path,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'all',
    synchronize: false,
    enableWAL: true,
    prepareDatabase: (conn: { pragma(sql: string): unknown }) => {
      // TypeORM turns foreign keys on itself; these make the durability choice explicit:
      // every acknowledged commit is fsynced, and a second process waits instead of failing.
      conn.pragma('foreign_keys = ON');
      conn.pragma('synchronous = FULL');
      conn.pragma('busy_timeout = 5000');
    },
  };
}
