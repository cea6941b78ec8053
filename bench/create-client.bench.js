'use strict';

/**
 * Benchmark: creating a client, `POST /v2/modules/oauthv2/setups/:setupId/clients`, through the
 * whole service (auth, validation, rules, encryption, audit, outbox, request logging and metrics at
 * their defaults), as ratios against baselines measured in the same run on the same machine:
 *
 *   floor-sqlite    bench/floor (bare node:http + better-sqlite3, the service's schema, the same rows
 *                   in one transaction, synchronous = FULL, group commit)
 *   service-sqlite  dist/apps/api/src/main.js on SQLite
 *   floor-pg        bench/floor on PostgreSQL (bare `pg`, the same rows, one transaction per create)
 *   service-pg      the service on PostgreSQL
 *   oidc-provider   node-oidc-provider's dynamic registration (bench/oidc-peer, in memory), the peer
 *   before-*        with BENCH_BASELINE_DIST=<dir>: another build's dist/ on the same databases
 *
 * Each target runs in its own process on a fresh database; the targets take turns, BENCH_ROUNDS rounds,
 * the order rotated every round, and the medians are compared. Prints req/s, p50/p99 latency, peak RSS
 * of each target and the ratios; writes them to bench/results/. Exit code 1 when a request failed, or
 * (with `--min-ratio X`) when a service/floor ratio is below X.
 *
 * Environment: BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (50), BENCH_ROUNDS (3), BENCH_WARMUP (s, 3),
 * BENCH_DATABASES (sqlite,postgres), BENCH_PEER (1; 0 leaves the peer out), BENCH_BASELINE_DIST,
 * BENCH_DATABASE_URL (PostgreSQL test database), BENCH_SERVICE_NODE_ARGS (e.g. "--cpu-prof"), BENCH_KEEP_DATA=1,
 * BENCH_TARGETS (only these targets, e.g. service-pg,floor-pg; for profiling).
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const autocannon = require('autocannon');
const { BENCH_AUTH_ENV, BENCH_AUTH_HEADER, freshDatabase, median } = require('./lib/registry');
const { cpuMs, HOST, freePort, startChild, stopAll, waitReady, sampleRss } = require('./lib/children');

const ROOT = path.resolve(__dirname, '..');
const PEER_DIR = path.join(__dirname, 'oidc-peer');
const TARGETS = { floorRatio: 0.5, peerRatio: 1.5, p99Ms: 50, rssMb: 250 };

function intFromEnv(name, fallback, min) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

function minRatioArg(argv) {
  const i = argv.indexOf('--min-ratio');
  if (i === -1) return null;
  const value = Number(argv[i + 1]);
  if (!(value > 0)) throw new Error(`--min-ratio needs a positive number, got "${argv[i + 1]}"`);
  return value;
}

const CONFIG = {
  durationSec: intFromEnv('BENCH_DURATION', 10, 1),
  connections: intFromEnv('BENCH_CONNECTIONS', 50, 1),
  rounds: intFromEnv('BENCH_ROUNDS', 3, 1),
  warmupSec: intFromEnv('BENCH_WARMUP', 3, 0),
  databases: (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim()),
  peer: process.env.BENCH_PEER !== '0',
  baselineDist: process.env.BENCH_BASELINE_DIST ? path.resolve(process.env.BENCH_BASELINE_DIST) : null,
  serviceNodeArgs: (process.env.BENCH_SERVICE_NODE_ARGS || '').split(' ').filter(Boolean),
  keepData: process.env.BENCH_KEEP_DATA === '1',
  only: process.env.BENCH_TARGETS ? process.env.BENCH_TARGETS.split(',').map((s) => s.trim()) : null,
  minRatio: minRatioArg(process.argv.slice(2)),
};

const tempDirs = [];
const drops = [];
function tempDir(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `oauth-registry-bench-${label}-`));
  tempDirs.push(dir);
  return dir;
}

const RUN_ID = randomBytes(4).toString('hex');
let counter = 0;

/** A realistic create-client body (13 fields); every call a distinct client. */
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

/** The same client as an RFC 7591 registration (the peer generates client_id and secret itself). */
function registrationBody(n) {
  return JSON.stringify({
    client_name: `Online banking ${n}`,
    redirect_uris: [`https://app${n}.example.com/callback`, 'http://127.0.0.1:8080/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: 'openid profile accounts:read',
    contacts: ['security@example.com'],
    token_endpoint_auth_method: 'client_secret_basic',
  });
}

function serviceMain(distDir) {
  const main = path.join(distDir, 'apps', 'api', 'src', 'main.js');
  if (!fs.existsSync(main)) throw new Error(`Missing ${main}: build first (npm run build).`);
  return main;
}

function installPeer() {
  if (fs.existsSync(path.join(PEER_DIR, 'node_modules', 'oidc-provider'))) return;
  console.log('installing the peer (npm ci in bench/oidc-peer) …');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PEER_DIR, stdio: 'inherit' });
}

async function createSetup(target) {
  const res = await fetch(`${target.baseUrl}/v2/modules/oauthv2/setups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...BENCH_AUTH_HEADER },
    body: JSON.stringify({ name: 'bench' }),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`${target.name}: POST /setups answered ${res.status}: ${text}`);
  return JSON.parse(text).setupId;
}

/** Starts one target: its process, its database, its setup. */
async function startTarget(spec) {
  const port = await freePort();
  const dir = tempDir(spec.name);
  const env = { ...process.env, ...BENCH_AUTH_ENV, PORT: String(port), HOST, DATA_DIR: dir, ...spec.env };
  for (const key of ['SECRET_KEY_FILE', 'API_PREFIX']) delete env[key];
  if (!spec.env.DATABASE_URL) delete env.DATABASE_URL;
  const child = startChild(spec.name, spec.script, {
    env,
    cwd: spec.cwd ?? ROOT,
    nodeArgs: spec.nodeArgs ?? [],
    stdoutFile: path.join(dir, 'stdout.log'),
  });
  const target = { ...spec, child, dir, baseUrl: `http://${HOST}:${port}`, runs: [], rssPeakMb: NaN };
  await waitReady(child, target.baseUrl);
  target.path = spec.kind === 'peer' ? '/reg' : `/v2/modules/oauthv2/setups/${await createSetup(target)}/clients`;
  return target;
}

async function load(target, durationSec) {
  const failures = [];
  const stopSampling = sampleRss(target.child);
  const cpuBefore = cpuMs(target.child.proc.pid);
  const result = await autocannon({
    url: target.baseUrl,
    connections: CONFIG.connections,
    duration: durationSec,
    requests: [
      {
        method: 'POST',
        path: target.path,
        headers: { 'content-type': 'application/json', ...(target.kind === 'peer' ? {} : BENCH_AUTH_HEADER) },
        setupRequest: (req) => ({
          ...req,
          body: target.kind === 'peer' ? registrationBody(++counter) : clientBody(++counter),
        }),
        onResponse: (status, body) => {
          if ((status < 200 || status > 299) && failures.length < 3)
            failures.push(`${status} ${String(body).slice(0, 300)}`);
        },
      },
    ],
  });
  const rss = stopSampling();
  const cpuUsed = cpuMs(target.child.proc.pid) - cpuBefore;
  if (target.child.exited) throw new Error(`${target.name} died during the run (code ${target.child.exitCode})`);
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    rssMb: rss,
    // The target process's own CPU time per answered request: less sensitive to machine noise than req/s.
    cpuMsPerRequest: cpuUsed / Math.max(1, result.requests.total),
    failures,
  };
}

const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');

function plan() {
  const specs = [];
  const service = serviceMain(path.join(ROOT, 'dist'));
  const floor = path.join(__dirname, 'floor', 'server.js');
  for (const db of CONFIG.databases) {
    if (db !== 'sqlite' && db !== 'postgres') throw new Error(`BENCH_DATABASES: unknown database "${db}"`);
    const suffix = db === 'sqlite' ? 'sqlite' : 'pg';
    specs.push({ name: `floor-${suffix}`, kind: 'floor', db, script: floor });
    specs.push({ name: `service-${suffix}`, kind: 'service', db, script: service, nodeArgs: CONFIG.serviceNodeArgs });
    if (CONFIG.baselineDist)
      specs.push({ name: `before-${suffix}`, kind: 'service', db, script: serviceMain(CONFIG.baselineDist) });
  }
  if (CONFIG.peer)
    specs.push({
      name: 'oidc-provider',
      kind: 'peer',
      db: null,
      script: path.join(PEER_DIR, 'server.js'),
      cwd: PEER_DIR,
    });
  return CONFIG.only ? specs.filter((s) => CONFIG.only.includes(s.name)) : specs;
}

/** Each PostgreSQL target gets a schema of its own. */
async function withDatabase(spec) {
  const withOutbox = process.env.NATS_URL ? { FLOOR_OUTBOX: '1' } : {};
  if (spec.db !== 'postgres') return { ...spec, env: { ...withOutbox } };
  const db = await freshDatabase('postgres');
  drops.push(db.drop);
  if (spec.kind === 'floor')
    return { ...spec, env: { FLOOR_DATABASE_URL: db.config.url, FLOOR_SCHEMA: db.config.schema, ...withOutbox } };
  return { ...spec, env: db.env };
}

function ratio(a, b) {
  return a && b ? a.reqPerSec / b.reqPerSec : NaN;
}

async function main() {
  console.log(
    `create-client: ${CONFIG.rounds} round(s) x ${CONFIG.durationSec} s, ${CONFIG.connections} connections; ` +
      `${os.cpus().length} CPU(s), load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, node ${process.version}`,
  );
  if (CONFIG.peer) installPeer();
  const targets = [];
  for (const spec of plan()) targets.push(await startTarget(await withDatabase(spec)));
  for (const t of targets) console.log(`${t.name.padEnd(15)} ${t.baseUrl}`);
  if (CONFIG.warmupSec) for (const t of targets) await load(t, CONFIG.warmupSec);

  for (let round = 0; round < CONFIG.rounds; round++) {
    console.log(`round ${round + 1}/${CONFIG.rounds}`);
    const order = targets.map((_, i) => targets[(i + round) % targets.length]);
    for (const t of order) {
      const run = await load(t, CONFIG.durationSec);
      t.runs.push(run);
      t.rssPeakMb = Number.isNaN(t.rssPeakMb) ? run.rssMb : Math.max(t.rssPeakMb, run.rssMb);
      console.log(
        `  ${t.name.padEnd(15)} ${fmt(run.reqPerSec).padStart(8)} req/s  p50 ${String(run.p50).padStart(4)} ms  ` +
          `p99 ${String(run.p99).padStart(4)} ms  CPU/req ${fmt(run.cpuMsPerRequest, 2)} ms  RSS ${fmt(run.rssMb, 0).padStart(4)} MB  non-2xx ${run.non2xx}` +
          (run.failures.length ? `  e.g. ${run.failures[0]}` : ''),
      );
    }
  }

  const summary = Object.fromEntries(
    targets.map((t) => [
      t.name,
      {
        reqPerSec: median(t.runs.map((r) => r.reqPerSec)),
        p50: median(t.runs.map((r) => r.p50)),
        p99: median(t.runs.map((r) => r.p99)),
        rssPeakMb: t.rssPeakMb,
        cpuMsPerRequest: median(t.runs.map((r) => r.cpuMsPerRequest)),
        non2xx: t.runs.reduce((s, r) => s + r.non2xx + r.errors, 0),
      },
    ]),
  );
  console.log('\nmedians:');
  for (const [name, s] of Object.entries(summary))
    console.log(
      `  ${name.padEnd(15)} ${fmt(s.reqPerSec).padStart(8)} req/s  p50 ${s.p50} ms  p99 ${s.p99} ms  CPU/req ${fmt(s.cpuMsPerRequest, 2)} ms  peak RSS ${fmt(s.rssPeakMb, 0)} MB  failed ${s.non2xx}`,
    );

  const ratios = {};
  const checks = [];
  for (const suffix of ['sqlite', 'pg']) {
    for (const build of ['service', 'before']) {
      const s = summary[`${build}-${suffix}`];
      if (!s) continue;
      const floor = ratio(s, summary[`floor-${suffix}`]);
      const peer = ratio(s, summary['oidc-provider']);
      ratios[`${build}-${suffix}/floor-${suffix}`] = floor;
      if (summary['oidc-provider']) ratios[`${build}-${suffix}/oidc-provider`] = peer;
      if (build !== 'service') continue;
      checks.push([
        `service-${suffix} / floor-${suffix} >= ${TARGETS.floorRatio}`,
        floor >= TARGETS.floorRatio,
        fmt(floor, 3),
      ]);
      if (summary['oidc-provider'])
        checks.push([
          `service-${suffix} / oidc-provider >= ${TARGETS.peerRatio}`,
          peer >= TARGETS.peerRatio,
          fmt(peer, 2),
        ]);
      checks.push([`service-${suffix} p99 <= ${TARGETS.p99Ms} ms`, s.p99 <= TARGETS.p99Ms, `${s.p99} ms`]);
      checks.push([
        `service-${suffix} peak RSS <= ${TARGETS.rssMb} MB`,
        s.rssPeakMb <= TARGETS.rssMb,
        `${fmt(s.rssPeakMb, 0)} MB`,
      ]);
    }
  }
  console.log('\nratios of median req/s:');
  for (const [name, value] of Object.entries(ratios)) console.log(`  ${name.padEnd(34)} ${fmt(value, 3)}`);
  console.log('\ntargets (issue 14):');
  for (const [name, ok, value] of checks) console.log(`  ${ok ? 'met   ' : 'MISSED'} ${name.padEnd(38)} ${value}`);

  const failed = Object.values(summary).some((s) => s.non2xx > 0);
  const belowMin =
    CONFIG.minRatio !== null &&
    Object.entries(ratios).some(
      ([name, value]) => name.startsWith('service-') && name.includes('/floor-') && !(value >= CONFIG.minRatio),
    );
  if (CONFIG.minRatio !== null)
    console.log(
      `\n--min-ratio ${CONFIG.minRatio}: ${belowMin ? 'FAILED (a service/floor ratio is below it)' : 'passed'}`,
    );
  if (failed) console.log('some requests failed (non-2xx or errors): see above');

  const resultsDir = path.join(__dirname, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `create-client-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const gitCommit = (() => {
    try {
      return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  })();
  const runs = Object.fromEntries(targets.map((t) => [t.name, t.runs]));
  fs.writeFileSync(
    file,
    `${JSON.stringify({ gitCommit, config: CONFIG, loadavg: os.loadavg(), runs, summary, ratios }, null, 2)}\n`,
  );
  console.log(`results: ${path.relative(ROOT, file)}`);
  return failed || belowMin ? 1 : 0;
}

async function cleanup() {
  await stopAll();
  for (const drop of drops) await drop().catch((err) => console.error(`dropping a schema: ${err.message}`));
  if (!CONFIG.keepData) for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`kept: ${tempDirs.join(', ')}`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => cleanup().finally(() => process.exit(130)));

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (err) => {
    console.error(`Benchmark failed: ${err && err.stack ? err.stack : err}`);
    await cleanup();
    process.exit(1);
  });
