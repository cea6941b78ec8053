import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DatabaseConfig } from '@app/core';

export type DbKind = 'sqlite' | 'postgres';

/**
 * The e2e specs run on both databases. TEST_DATABASES=sqlite narrows the run on a machine without
 * PostgreSQL; CI never sets it.
 */
export const DATABASES: DbKind[] = (process.env.TEST_DATABASES ?? 'sqlite,postgres')
  .split(',')
  .map((k) => k.trim() as DbKind);

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  config: DatabaseConfig;
  /** SQLite: the directory holding the database file (and its WAL). */
  dir?: string;
  drop(): Promise<void>;
}

/** A fresh, empty database for one spec file: a temporary SQLite file, or a new PostgreSQL schema. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-registry-test-'));
    return {
      config: { type: 'sqlite', path: join(dir, 'registry.sqlite') },
      dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = new URL(TEST_DATABASE_URL).pathname.slice(1);
  // The specs create and drop schemas: never let them near a database that is not meant for tests.
  if (!/test/i.test(database))
    throw new Error(
      `Refusing to run tests against PostgreSQL database "${database}": its name must say it is for tests`,
    );
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await withPg((pg) => pg.query(`CREATE SCHEMA ${schema}`));
  return {
    config: { type: 'postgres', url: TEST_DATABASE_URL, schema },
    drop: () => withPg((pg) => pg.query(`DROP SCHEMA ${schema} CASCADE`)).then(() => undefined),
  };
}

async function withPg<T>(work: (pg: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString: TEST_DATABASE_URL });
  await pg.connect();
  try {
    return await work(pg);
  } finally {
    await pg.end();
  }
}
