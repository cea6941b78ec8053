'use strict';

/** Shared helpers of the benchmarks: the built app, temporary databases, process cleanup. */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');

const ROOT = path.resolve(__dirname, '..', '..');
// BENCH_DIST: another build to measure (e.g. a copy of main's dist/ with node_modules next to it), for before/after.
const DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, 'dist');
const PG_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** The API token the benchmarks configure (API_TOKENS) and send: the service needs a bearer token. */
const BENCH_TOKEN = `bench-${randomBytes(24).toString('hex')}`;
// One principal sends all the load: the per-principal rate limit is turned off for the benchmarks.
const BENCH_AUTH_ENV = {
  API_TOKENS: JSON.stringify([{ subject: 'bench', roles: ['nevisMeta.admin'], token: BENCH_TOKEN }]),
  RATE_LIMIT_PER_MINUTE: '0',
};
const BENCH_AUTH_HEADER = { authorization: `Bearer ${BENCH_TOKEN}` };

function requireBuilt() {
  if (!fs.existsSync(path.join(DIST, 'apps', 'api', 'src', 'main.js'))) {
    console.error('Missing dist/: build the service first (npm run build), then run the benchmark again.');
    process.exit(2);
  }
}

/** A fresh database: a temporary SQLite directory, or a new schema in the PostgreSQL test database. */
async function freshDatabase(kind) {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oauth-registry-bench-'));
    return {
      kind,
      env: { DATA_DIR: dir },
      config: { type: 'sqlite', path: path.join(dir, 'oauth-registry.sqlite') },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = new URL(PG_URL).pathname.slice(1);
  if (!/test|bench/i.test(database))
    throw new Error(`Refusing to benchmark on PostgreSQL database "${database}": its name must say test or bench`);
  const { Client } = require(path.join(ROOT, 'node_modules', 'pg'));
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = async (sql) => {
    const pg = new Client({ connectionString: PG_URL });
    await pg.connect();
    try {
      await pg.query(sql);
    } finally {
      await pg.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
  return {
    kind,
    env: { DATABASE_URL: url, SECRET_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    config: { type: 'postgres', url: PG_URL, schema },
    drop: () => admin(`DROP SCHEMA ${schema} CASCADE`),
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

module.exports = { ROOT, DIST, PG_URL, BENCH_AUTH_ENV, BENCH_AUTH_HEADER, requireBuilt, freshDatabase, median };
