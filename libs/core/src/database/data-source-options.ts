import type { DataSourceOptions } from 'typeorm';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseConfig } from '../config/app-config';
import { InitialSchema1764150000000 } from './migrations/1764150000000-initial-schema';
import { SnapshotTimelines1764160000000 } from './migrations/1764160000000-snapshot-timelines';
import { SecretRotation1764170000000 } from './migrations/1764170000000-secret-rotation';
import { Outbox1764180000000 } from './migrations/1764180000000-outbox';

export const MIGRATIONS = [InitialSchema1764150000000, SnapshotTimelines1764160000000, SecretRotation1764170000000, Outbox1764180000000];

/**
 * The one DataSource options object: the app (through TypeOrmModule, which adds the entities)
 * and the TypeORM CLI (`data-source.ts`) both start from it. Schema changes only ever come
 * from migrations; `synchronize` stays off.
 */
export function buildDataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  if (db.type === 'postgres') {
    return {
      type: 'postgres',
      url: db.url,
      schema: db.schema,
      migrations: MIGRATIONS,
      migrationsRun: true,
      migrationsTransactionMode: 'all',
      synchronize: false,
      // A named schema also goes on the search path, so unqualified SQL in queries finds it.
      extra: {
        max: 10,
        connectionTimeoutMillis: 5000,
        ...(db.schema ? { options: `-c search_path=${db.schema}` } : {}),
      },
    };
  }
  if (db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
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
