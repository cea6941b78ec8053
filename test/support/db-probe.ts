import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { TestDatabase } from './databases';

/** Direct SQL on a test database that a service process is using: to look at what it stored. */
export interface DbProbe {
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** A statement without rows; only while no service writes (SQLite has one writer). */
  run(sql: string): Promise<void>;
  close(): Promise<void>;
}

export async function openProbe(db: TestDatabase): Promise<DbProbe> {
  if (db.config.type === 'postgres') {
    const pg = new Client({ connectionString: db.config.url });
    await pg.connect();
    await pg.query(`SET search_path TO ${db.config.schema}`);
    return {
      rows: async <T>(sql: string) => (await pg.query(sql)).rows as T[],
      run: async (sql) => void (await pg.query(sql)),
      close: () => pg.end(),
    };
  }
  const sqlite = new Database(db.config.path);
  sqlite.pragma('busy_timeout = 5000');
  return {
    rows: async <T>(sql: string) => sqlite.prepare(sql).all() as T[],
    run: async (sql) => void sqlite.prepare(sql).run(),
    close: async () => void sqlite.close(),
  };
}
