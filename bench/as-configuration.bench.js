'use strict';

/**
 * Benchmark: what an authorization server asks the registry for every client it authenticates,
 * GET .../clients/by-client-id/:client_id/configuration (target p99 <= 5 ms under load), on SQLite and
 * PostgreSQL, through the real HTTP service. In the same run: GET /health/live (the framework alone)
 * and GET .../clients/by-client-id/:client_id (the same lookup, answered from the database every time).
 * The configuration is read for one client (every answer from the cache) and for each of BENCH_CLIENTS
 * clients in turn (an entry is kept at most a second, so a client asked less than once a second is
 * read from the database each time).
 *
 *   npm run build && node bench/as-configuration.bench.js
 *
 * BENCH_CLIENTS (default 1000), BENCH_ROUNDS (3), BENCH_DURATION seconds per run (5),
 * BENCH_CONNECTIONS (comma-separated, default 10,50), BENCH_DATABASES (sqlite,postgres).
 */

const { randomBytes } = require('node:crypto');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const autocannon = require('autocannon');
const { BENCH_AUTH_ENV, BENCH_AUTH_HEADER, DIST, freshDatabase, median, requireBuilt } = require('./lib/registry');

requireBuilt();
const CLIENTS = Number(process.env.BENCH_CLIENTS || 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const DURATION = Number(process.env.BENCH_DURATION || 5);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS || '10,50').split(',').map(Number);
const DATABASES = (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',');
const HOST = '127.0.0.1';
const AS_TOKEN = `bench-as-${randomBytes(24).toString('hex')}`;
const AS_HEADER = { authorization: `Bearer ${AS_TOKEN}` };
const TARGETS = ['health (baseline)', 'by-client-id (database)', 'configuration, 1 client', 'configuration, all'];
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
  const tokens = [
    ...JSON.parse(BENCH_AUTH_ENV.API_TOKENS),
    { subject: 'bench-as', roles: ['nevisMeta.authorizationServer'], token: AS_TOKEN },
  ];
  const env = {
    ...process.env,
    ...BENCH_AUTH_ENV,
    API_TOKENS: JSON.stringify(tokens),
    ...db.env,
    PORT: String(port),
    HOST,
    LOG_LEVEL: 'warn',
  };
  for (const key of ['API_PREFIX', 'SECRET_KEY_FILE', 'NATS_URL']) delete env[key];
  const child = spawn(process.execPath, [path.join(DIST, 'apps', 'api', 'src', 'main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  const base = `http://${HOST}:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return { child, base };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the service did not become ready');
}

async function post(url, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...BENCH_AUTH_HEADER, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** autocannon over `paths` in turn (one path per request), with `headers`. */
function run(base, paths, headers, connections) {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections,
        duration: DURATION,
        headers,
        requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
      },
      (err, r) => {
        if (err) return reject(err);
        if (r.non2xx || r.errors) return reject(new Error(`${r.non2xx} non-2xx answers, ${r.errors} errors`));
        resolve({ reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 });
      },
    );
  });
}

async function measureDatabase(kind) {
  const db = await freshDatabase(kind);
  try {
    const { child, base } = await startService(db);
    const { setupId } = await post(`${base}/v2/modules/oauthv2/setups`, { name: 'bench' });
    const clients = `/v2/modules/oauthv2/setups/${setupId}/clients`;
    const ids = [];
    for (let n = 0; n < CLIENTS; n++) {
      const id = `bench-client-${n}`;
      await post(`${base}${clients}`, {
        client_id: id,
        name: `Client ${n}`,
        redirect_uris: [`https://app${n}.example.com/callback`],
        scopes: ['openid', 'profile'],
      });
      ids.push(id);
    }
    const targets = {
      'health (baseline)': [['/health/live'], {}],
      'by-client-id (database)': [ids.map((id) => `${clients}/by-client-id/${id}`), BENCH_AUTH_HEADER],
      'configuration, 1 client': [[`${clients}/by-client-id/${ids[0]}/configuration`], AS_HEADER],
      'configuration, all': [ids.map((id) => `${clients}/by-client-id/${id}/configuration`), AS_HEADER],
    };
    // Warm-up: every client's configuration is read once.
    await run(base, targets['configuration, all'][0], AS_HEADER, 10);
    const results = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const connections of CONNECTIONS) {
        for (const name of TARGETS) {
          const [paths, headers] = targets[name];
          const r = await run(base, paths, headers, connections);
          results.push({ round, connections, name, ...r });
          console.log(
            `  ${kind.padEnd(8)} round ${round} c=${String(connections).padEnd(2)} ${name.padEnd(25)} ${r.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(3)} ms`,
          );
        }
      }
    }
    child.kill('SIGTERM');
    return results;
  } finally {
    await db.drop();
  }
}

async function main() {
  console.log(
    `as-configuration benchmark: ${CLIENTS} clients, ${ROUNDS} round(s) of ${DURATION} s per target, node ${process.version}`,
  );
  const all = {};
  for (const kind of DATABASES) all[kind] = await measureDatabase(kind);
  console.log('\nmedians:');
  const summary = {};
  for (const kind of DATABASES) {
    for (const connections of CONNECTIONS) {
      for (const name of TARGETS) {
        const rows = all[kind].filter((r) => r.connections === connections && r.name === name);
        const m = {
          reqPerSec: median(rows.map((r) => r.reqPerSec)),
          p50: median(rows.map((r) => r.p50)),
          p99: median(rows.map((r) => r.p99)),
        };
        summary[`${kind} c=${connections} ${name}`] = m;
        const baseline = summary[`${kind} c=${connections} health (baseline)`];
        const ratio = name.startsWith('health')
          ? ''
          : `  ${(m.reqPerSec / baseline.reqPerSec).toFixed(2)}x baseline req/s`;
        const verdict = name.startsWith('configuration')
          ? `  (p99 target <= 5 ms: ${m.p99 <= 5 ? 'met' : 'NOT met'})`
          : '';
        console.log(
          `  ${kind.padEnd(8)} c=${String(connections).padEnd(2)} ${name.padEnd(25)} ${m.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms${ratio}${verdict}`,
        );
      }
    }
  }
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `as-configuration-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
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
