'use strict';

/**
 * Benchmark: reads from a setup of 100,000 clients, on SQLite and PostgreSQL, through the real HTTP
 * service (request logging and metrics at their defaults): a page of 100 (the first one, and one from
 * the middle: the cursor of the 50,000th client) and GET of one client, at 1, 10 and 50 connections.
 * Baselines in the same run: GET /health/live (the framework alone), and the read floor
 * (bench/floor/read-server.js: bare node:http + the driver, the same queries on the same database).
 * Targets (issue 14): p99 <= 10 ms at 50 connections.
 *
 *   npm run build && node bench/list-clients.bench.js
 *
 * BENCH_CLIENTS (default 100000), BENCH_ROUNDS (3), BENCH_DURATION seconds per run (5),
 * BENCH_DATABASES (sqlite,postgres), BENCH_READ_CONNECTIONS (1,10,50).
 */

const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const autocannon = require('autocannon');
const { BENCH_AUTH_ENV, BENCH_AUTH_HEADER, DIST, freshDatabase, median, requireBuilt } = require('./lib/registry');

requireBuilt();
const CLIENTS = Number(process.env.BENCH_CLIENTS || 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const DURATION = Number(process.env.BENCH_DURATION || 5);
const DATABASES = (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',');
const CONNECTIONS = (process.env.BENCH_READ_CONNECTIONS || '1,10,50').split(',').map(Number);
const NAMES = [
  'health (baseline)',
  'first page of 100',
  'page of 100 at 50,000',
  'GET client',
  'floor: first page',
  'floor: page at 50,000',
  'floor: GET client',
];
const HOST = '127.0.0.1';
const children = new Set();

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function startService(db) {
  const port = await freePort();
  const env = { ...process.env, ...BENCH_AUTH_ENV, ...db.env, PORT: String(port), HOST };
  for (const key of ['API_PREFIX', 'SECRET_KEY_FILE']) delete env[key];
  const child = spawn(process.execPath, [path.join(DIST, 'apps', 'api', 'src', 'main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  const base = `http://${HOST}:${port}`;
  await waitFor(base);
  return { child, base };
}

/** The read floor over the same database. */
async function startFloor(db) {
  const port = await freePort();
  const dbEnv =
    db.config.type === 'sqlite'
      ? { FLOOR_SQLITE_FILE: db.config.path }
      : { FLOOR_DATABASE_URL: db.config.url, FLOOR_SCHEMA: db.config.schema };
  const child = spawn(process.execPath, [path.join(__dirname, 'floor', 'read-server.js')], {
    env: { ...process.env, ...dbEnv, PORT: String(port), HOST },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  const base = `http://${HOST}:${port}`;
  await waitFor(base);
  return { child, base };
}

async function waitFor(base) {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the service did not become ready');
}

function run(url, connections) {
  return autocannon({ url, connections, duration: DURATION, headers: BENCH_AUTH_HEADER }).then((r) => {
    if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    return { reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
  });
}

async function measureDatabase(kind) {
  const db = await freshDatabase(kind);
  try {
    const seeded = JSON.parse(
      execFileSync(
        process.execPath,
        [path.join(__dirname, 'activation-worker.js'), 'seed-active', JSON.stringify(db), String(CLIENTS)],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      )
        .trim()
        .split('\n')
        .pop(),
    );
    const { child, base } = await startService(db);
    const clients = `${base}/v2/modules/oauthv2/setups/${seeded.setupId}/clients`;
    // The cursor of the middle of the listing, found by walking it as a client would.
    let cursor = null;
    for (let seen = 0; seen < CLIENTS / 2; seen += 1000) {
      const page = await (
        await fetch(`${clients}?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, { headers: BENCH_AUTH_HEADER })
      ).json();
      if (page.clientIds.length !== 1000) throw new Error(`expected full pages, got ${page.clientIds.length}`);
      cursor = page.next;
    }
    const first = await (await fetch(`${clients}?limit=100`, { headers: BENCH_AUTH_HEADER })).json();
    if (first.clientIds.length !== 100 || !first.next)
      throw new Error('the first page is not a full page with a next cursor');
    const middle = await (await fetch(`${clients}?limit=100&cursor=${cursor}`, { headers: BENCH_AUTH_HEADER })).json();
    const floor = await startFloor(db);
    const onFloor = `${floor.base}/clients?setup=${seeded.setupId}`;
    const targets = {
      'health (baseline)': `${base}/health/live`,
      'first page of 100': `${clients}?limit=100`,
      'page of 100 at 50,000': `${clients}?limit=100&cursor=${cursor}`,
      'GET client': `${clients}/${middle.clientIds[0]}`,
      'floor: first page': onFloor,
      'floor: page at 50,000': `${onFloor}&after=${middle.clientIds[0]}`,
      'floor: GET client': `${floor.base}/client?setup=${seeded.setupId}&id=${middle.clientIds[0]}`,
    };
    const results = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const connections of CONNECTIONS) {
        for (const [name, url] of Object.entries(targets)) {
          const r = await run(url, connections);
          results.push({ round, connections, name, ...r });
          console.log(
            `  ${kind.padEnd(8)} round ${round} c=${String(connections).padEnd(2)} ${name.padEnd(22)} ${r.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(3)} ms`,
          );
        }
      }
    }
    child.kill('SIGTERM');
    floor.child.kill('SIGTERM');
    return results;
  } finally {
    await db.drop();
  }
}

async function main() {
  console.log(
    `list-clients benchmark: ${CLIENTS} clients in one setup, ${ROUNDS} round(s) of ${DURATION} s per target, node ${process.version}`,
  );
  const all = {};
  for (const kind of DATABASES) all[kind] = await measureDatabase(kind);
  console.log('\nmedians:');
  const summary = {};
  for (const kind of DATABASES) {
    for (const connections of CONNECTIONS) {
      for (const name of NAMES) {
        const rows = all[kind].filter((r) => r.connections === connections && r.name === name);
        const m = {
          reqPerSec: median(rows.map((r) => r.reqPerSec)),
          p50: median(rows.map((r) => r.p50)),
          p99: median(rows.map((r) => r.p99)),
        };
        summary[`${kind} c=${connections} ${name}`] = m;
        const service = !name.startsWith('health') && !name.startsWith('floor');
        const verdict =
          service && connections === 50
            ? `  (p99 target <= 10 ms at 50 connections: ${m.p99 <= 10 ? 'met' : 'NOT met'})`
            : '';
        console.log(
          `  ${kind.padEnd(8)} c=${String(connections).padEnd(2)} ${name.padEnd(22)} ${m.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms${verdict}`,
        );
      }
    }
  }
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `list-clients-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify({ clients: CLIENTS, rounds: ROUNDS, duration: DURATION, all, summary }, null, 2)}\n`,
  );
  console.log(`results written to ${path.relative(path.join(__dirname, '..'), file)}`);
}

function cleanup() {
  for (const child of children) child.kill('SIGKILL');
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exitCode = 1;
});
