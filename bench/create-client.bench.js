'use strict';

/**
 * Benchmark: POST /v2/modules/oauthv2/setups/:setupId/clients against a floor.
 *
 * Starts two child processes on 127.0.0.1, each on a fresh temporary data directory:
 *   - floor:    bench/floor-server.js (bare node:http + better-sqlite3, same rows, same pragmas,
 *               one commit per request): the baseline the 70 % target refers to;
 *   - floor-gc: the same floor with FLOOR_GROUP_COMMIT=1 (requests that arrive together share one
 *               commit), for information: it shows what group commit alone is worth;
 *   - service: dist/apps/api/src/main.js (the built NestJS/Fastify app, SQLite).
 * Warms both up, then runs autocannon against them ALTERNATELY for several rounds, so both see the
 * same machine noise, and prints per-round and median req/s, p50 and p99 latency, the non-2xx
 * count, and the ratio service/floor of the median req/s against the 70 % target.
 * Every request body is a distinct, realistic client (unique client_id, name and redirect URI).
 *
 * Does not build: run `npm run build` first. Results also go to bench/results/create-client-<ts>.json.
 *
 * Environment (all optional):
 *   BENCH_DURATION     seconds per measured run             (default 10)
 *   BENCH_CONNECTIONS  concurrent connections               (default 50)
 *   BENCH_ROUNDS       floor+service rounds                 (default 3)
 *   BENCH_WARMUP       warm-up seconds per target           (default 2; 0 disables)
 *   BENCH_KEEP_DATA=1  keep the temporary data directories  (default: removed)
 */

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { BENCH_AUTH_ENV, BENCH_AUTH_HEADER } = require('./lib/registry');

const ROOT = path.resolve(__dirname, '..');
const SERVICE_MAIN = path.join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const FLOOR_MAIN = path.join(__dirname, 'floor-server.js');
const RESULTS_DIR = path.join(__dirname, 'results');
const HOST = '127.0.0.1';
const TARGET_RATIO = 0.7;

function intFromEnv(name, fallback, min) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    console.error(`${name} must be an integer >= ${min}, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const CONFIG = {
  durationSec: intFromEnv('BENCH_DURATION', 10, 1),
  connections: intFromEnv('BENCH_CONNECTIONS', 50, 1),
  rounds: intFromEnv('BENCH_ROUNDS', 3, 1),
  warmupSec: intFromEnv('BENCH_WARMUP', 2, 0),
  keepData: process.env.BENCH_KEEP_DATA === '1',
};

if (!fs.existsSync(SERVICE_MAIN)) {
  console.error(
    `Missing ${path.relative(ROOT, SERVICE_MAIN)}: build the service first (npm run build), then run the benchmark again.`,
  );
  process.exit(2);
}

let autocannon;
let Database;
try {
  autocannon = require('autocannon');
  Database = require('better-sqlite3');
} catch (err) {
  console.error(`Missing dependency (${err.message.split('\n')[0]}); run npm install first.`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Child processes and clean-up
// ---------------------------------------------------------------------------------------------

/** @type {Set<{ name: string, proc: import('node:child_process').ChildProcess }>} */
const children = new Set();
const tempDirs = [];
let cleaningUp = null;

function tail(buffer, max = 4000) {
  return buffer.length > max ? `…${buffer.slice(-max)}` : buffer;
}

function startChild(name, script, env) {
  const proc = spawn(process.execPath, [script], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = { name, proc, output: '', exited: false, exitCode: null, exitSignal: null };
  const collect = (chunk) => {
    child.output = tail(child.output + chunk.toString(), 16000);
  };
  proc.stdout.on('data', collect);
  proc.stderr.on('data', (chunk) => {
    collect(chunk);
    // Warnings and errors from the servers are worth seeing while the benchmark runs.
    for (const line of chunk.toString().split('\n')) if (line.trim()) process.stderr.write(`[${name}] ${line}\n`);
  });
  proc.on('exit', (code, signal) => {
    child.exited = true;
    child.exitCode = code;
    child.exitSignal = signal;
    children.delete(child);
  });
  children.add(child);
  return child;
}

function waitForExit(child, ms) {
  if (child.exited) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.proc.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child) {
  if (child.exited) return;
  child.proc.kill('SIGTERM');
  if (!(await waitForExit(child, 5000))) {
    child.proc.kill('SIGKILL');
    await waitForExit(child, 2000);
  }
}

function cleanup() {
  if (!cleaningUp) {
    cleaningUp = (async () => {
      await Promise.all([...children].map(stopChild));
      if (!CONFIG.keepData) for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
      else if (tempDirs.length) console.log(`Kept data directories: ${tempDirs.join(', ')}`);
    })();
  }
  return cleaningUp;
}

// Last resort when the process goes down without running cleanup(): no child outlives the runner.
process.on('exit', () => {
  for (const child of children) child.proc.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\nReceived ${signal}; stopping the servers.`);
    cleanup().finally(() => process.exit(130));
  });
}

function makeTempDir(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `oauth-registry-bench-${label}-`));
  tempDirs.push(dir);
  return dir;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitReady(child, baseUrl, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exited) {
      throw new Error(
        `${child.name} exited before it was ready (code ${child.exitCode}, signal ${child.exitSignal}). Output:\n${tail(child.output)}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err.message;
    }
    await sleep(100);
  }
  throw new Error(`${child.name} was not ready after ${timeoutMs} ms (${lastError}). Output:\n${tail(child.output)}`);
}

async function createSetup(target) {
  const res = await fetch(`${target.baseUrl}/v2/modules/oauthv2/setups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...BENCH_AUTH_HEADER },
    body: JSON.stringify({ name: 'bench' }),
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`${target.name}: POST /setups answered ${res.status}: ${text}`);
  const { setupId } = JSON.parse(text);
  if (!/^[0-9a-f]{32}$/.test(setupId || '')) throw new Error(`${target.name}: POST /setups gave no setupId: ${text}`);
  return setupId;
}

async function startTarget(name, script, extraEnv) {
  const dataDir = makeTempDir(name);
  const port = await freePort();
  const env = {
    ...process.env,
    ...BENCH_AUTH_ENV,
    ...extraEnv,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST,
    LOG_LEVEL: 'warn',
  };
  // Inherited settings that would point the service elsewhere or change its paths.
  for (const key of ['DATABASE_URL', 'API_PREFIX', 'SECRET_KEY_FILE', 'SECRET_ENCRYPTION_KEY']) delete env[key];
  const child = startChild(name, script, env);
  const target = { name, child, dataDir, baseUrl: `http://${HOST}:${port}`, port };
  await waitReady(child, target.baseUrl);
  target.setupId = await createSetup(target);
  target.clientsPath = `/v2/modules/oauthv2/setups/${target.setupId}/clients`;
  return target;
}

// ---------------------------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------------------------

const RUN_ID = randomBytes(4).toString('hex');
let counter = 0;

/** A realistic create-client body; every call gives a distinct client (client_id, name, redirect URI). */
function clientBody(n) {
  return JSON.stringify({
    name: `Online banking ${n}`,
    owner: 'team-retail',
    redirect_uris: [`https://app${n}.example.com/callback`, 'http://127.0.0.1:8080/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scopes: ['openid', 'profile', 'accounts:read'],
    contacts: ['security@example.com'],
    client_id: `bench-${RUN_ID}-${n}`,
    client_secret: 'a-client-secret-of-at-least-32-chars!!',
    access_token_ttl: 300,
    refresh_token_ttl: 86400,
    metadata: [{ name: 'department', value: 'Retail', locale: 'en' }],
  });
}

async function load(target, durationSec, label) {
  const failures = [];
  const instance = autocannon({
    url: target.baseUrl,
    connections: CONFIG.connections,
    duration: durationSec,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...BENCH_AUTH_HEADER },
    requests: [
      {
        method: 'POST',
        path: target.clientsPath,
        setupRequest: (req) => {
          req.body = clientBody(++counter);
          return req;
        },
        onResponse: (status, body) => {
          if ((status < 200 || status > 299) && failures.length < 5)
            failures.push({ status, body: String(body).slice(0, 500) });
        },
      },
    ],
  });
  const result = await instance;
  const ok2xx = Object.entries(result.statusCodeStats || {})
    .filter(([code]) => code >= 200 && code < 300)
    .reduce((sum, [, { count }]) => sum + count, 0);
  target.answered2xx = (target.answered2xx || 0) + ok2xx;
  const summary = {
    target: target.name,
    label,
    durationSec,
    connections: CONFIG.connections,
    reqPerSec: result.requests.average,
    total: result.requests.total,
    ok2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats || {}).map(([code, { count }]) => [code, count]),
    ),
    sampleFailures: failures,
  };
  if (target.child.exited) {
    throw new Error(
      `${target.name} died during ${label} (code ${target.child.exitCode}, signal ${target.child.exitSignal}). Output:\n${tail(target.child.output)}`,
    );
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

function line(run) {
  const extra = run.errors || run.timeouts ? `  errors ${run.errors}  timeouts ${run.timeouts}` : '';
  return (
    `  ${run.target.padEnd(8)} ${fmt(run.reqPerSec).padStart(9)} req/s   p50 ${fmt(run.latencyMs.p50).padStart(7)} ms   ` +
    `p99 ${fmt(run.latencyMs.p99).padStart(7)} ms   non-2xx ${run.non2xx}${extra}`
  );
}

function summarise(runs, name) {
  const mine = runs.filter((r) => r.target === name);
  return {
    rounds: mine.length,
    reqPerSec: median(mine.map((r) => r.reqPerSec)),
    p50Ms: median(mine.map((r) => r.latencyMs.p50)),
    p99Ms: median(mine.map((r) => r.latencyMs.p99)),
    non2xx: mine.reduce((sum, r) => sum + r.non2xx, 0),
    errors: mine.reduce((sum, r) => sum + r.errors, 0),
    timeouts: mine.reduce((sum, r) => sum + r.timeouts, 0),
  };
}

/** Row counts in a target's database, read-only: evidence that the rows were really written. */
function rowCounts(target, file) {
  const db = new Database(path.join(target.dataDir, file), { readonly: true, fileMustExist: true });
  try {
    const count = (sql) => db.prepare(sql).pluck().get();
    return {
      client: count('SELECT COUNT(*) FROM client'),
      client_snapshot: count('SELECT COUNT(*) FROM client_snapshot'),
      audit_client_created: count("SELECT COUNT(*) FROM audit_entry WHERE action = 'client.created'"),
      answered2xx: target.answered2xx || 0,
    };
  } finally {
    db.close();
  }
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main() {
  const startedAt = new Date();
  console.log(
    `create-client benchmark: ${CONFIG.rounds} round(s) x ${CONFIG.durationSec} s per target, ${CONFIG.connections} connections, ` +
      `warm-up ${CONFIG.warmupSec} s; ${os.cpus().length} CPU(s), load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, node ${process.version}`,
  );

  // Two floors: the one the issue defines (one commit per request), and the same server with group
  // commit, the technique the service's SQLite transaction runner uses, to show what that alone buys.
  const floor = await startTarget('floor', FLOOR_MAIN, {});
  const grouped = await startTarget('floor-gc', FLOOR_MAIN, { FLOOR_GROUP_COMMIT: '1' });
  const service = await startTarget('service', SERVICE_MAIN, {});
  const targets = [floor, grouped, service];
  for (const target of targets) console.log(`${target.name.padEnd(8)} ${target.baseUrl}  (data ${target.dataDir})`);

  if (CONFIG.warmupSec > 0) {
    for (const target of targets) {
      const warm = await load(target, CONFIG.warmupSec, 'warm-up');
      console.log(`warm-up ${target.name}: ${fmt(warm.reqPerSec)} req/s, non-2xx ${warm.non2xx}`);
    }
  }

  const runs = [];
  for (let round = 1; round <= CONFIG.rounds; round++) {
    console.log(`round ${round}/${CONFIG.rounds}`);
    // Rotate which target goes first, so none always runs on the "fresher" machine.
    const order = targets.map((_, i) => targets[(i + round - 1) % targets.length]);
    for (const target of order) {
      const run = await load(target, CONFIG.durationSec, `round ${round}`);
      run.round = round;
      runs.push(run);
      console.log(line(run));
      for (const failure of run.sampleFailures) console.log(`    e.g. ${failure.status}: ${failure.body}`);
    }
  }

  // The service writes its audit row after answering; give it a moment to catch up before counting.
  await sleep(500);
  const rows = {
    floor: rowCounts(floor, 'floor.sqlite'),
    'floor-gc': rowCounts(grouped, 'floor.sqlite'),
    service: rowCounts(service, 'oauth-registry.sqlite'),
  };

  const names = targets.map((t) => t.name);
  const summary = Object.fromEntries(names.map((name) => [name, summarise(runs, name)]));
  const ratio = summary.service.reqPerSec / summary.floor.reqPerSec;
  const ratioGrouped = summary.service.reqPerSec / summary['floor-gc'].reqPerSec;
  const met = ratio >= TARGET_RATIO;

  console.log(`\nmedian of ${CONFIG.rounds} round(s):`);
  for (const name of names) {
    const s = summary[name];
    console.log(
      `  ${name.padEnd(8)} ${fmt(s.reqPerSec).padStart(9)} req/s   p50 ${fmt(s.p50Ms).padStart(7)} ms   p99 ${fmt(s.p99Ms).padStart(7)} ms   ` +
        `non-2xx ${s.non2xx}${s.errors || s.timeouts ? `  errors ${s.errors}  timeouts ${s.timeouts}` : ''}`,
    );
  }
  for (const name of names) {
    const r = rows[name];
    console.log(
      `  rows in ${name} DB: client ${r.client}, client_snapshot ${r.client_snapshot}, audit client.created ${r.audit_client_created} (2xx answered ${r.answered2xx})`,
    );
  }
  console.log(
    `  (rows may exceed 2xx answered by up to connections x runs per target = ${CONFIG.connections * (CONFIG.rounds + (CONFIG.warmupSec > 0 ? 1 : 0))}: ` +
      'requests in flight when a run stops are committed, but autocannon does not count their answers)',
  );
  console.log(
    `\nservice / floor = ${(ratio * 100).toFixed(1)} % of the floor's req/s (target >= ${TARGET_RATIO * 100} %): ${met ? 'MET' : 'NOT MET'}`,
  );
  console.log(
    `service / floor-gc = ${(ratioGrouped * 100).toFixed(1)} % (the floor with group commit; for information)`,
  );

  const anyNon2xx = names.some((name) => summary[name].non2xx > 0);
  if (anyNon2xx) console.log('WARNING: non-2xx responses were counted; the numbers above are not comparable.');

  const finishedAt = new Date();
  const report = {
    benchmark: 'create-client',
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    gitCommit: gitCommit(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0] && os.cpus()[0].model,
      loadavgAtEnd: os.loadavg(),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
    },
    config: { ...CONFIG, targetRatio: TARGET_RATIO, host: HOST },
    runs,
    summary,
    rows,
    ratio,
    ratioGrouped,
    targetMet: met,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `create-client-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results written to ${path.relative(ROOT, file)}`);
  return anyNon2xx ? 1 : 0;
}

// Bounded: whatever happens, the runner stops by itself.
const budgetMs =
  120_000 + // starting both servers
  3 * (CONFIG.warmupSec + 15) * 1000 +
  CONFIG.rounds * 3 * (CONFIG.durationSec + 15) * 1000;
const watchdog = setTimeout(() => {
  console.error(`Benchmark exceeded its time budget (${Math.round(budgetMs / 1000)} s); stopping.`);
  cleanup().finally(() => process.exit(1));
}, budgetMs);
watchdog.unref();

main()
  .then(async (code) => {
    await cleanup();
    clearTimeout(watchdog);
    process.exit(code);
  })
  .catch(async (err) => {
    console.error(`Benchmark failed: ${err && err.stack ? err.stack : err}`);
    await cleanup();
    process.exit(1);
  });
