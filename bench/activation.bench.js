'use strict';

/**
 * Benchmark: 100,000 client snapshots due at the same instant; how long the service takes to activate
 * them all (and until the audit trail has recorded every activation), and its memory, on SQLite and on
 * PostgreSQL. Baseline in the same run: the same state change done by two bulk SQL statements.
 *
 *   npm run build && node bench/activation.bench.js
 *
 * BENCH_CLIENTS (default 100000), BENCH_ROUNDS (default 3), BENCH_DATABASES (default sqlite,postgres).
 * BENCH_NATS_URL (e.g. nats://127.0.0.1:4222): the service also publishes every activation to NATS
 * JetStream (a stream of its own, deleted afterwards); reports when the last one was published.
 * Each round seeds fresh databases; every phase runs in a child process so its memory is its own.
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { freshDatabase, median, requireBuilt } = require('./lib/registry');

requireBuilt();
const CLIENTS = Number(process.env.BENCH_CLIENTS || 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const DATABASES = (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',');
const WORKER = path.join(__dirname, 'activation-worker.js');

function phase(name, db) {
  const out = execFileSync(
    process.execPath,
    [
      ...(process.env.BENCH_WORKER_NODE_ARGS || '').split(' ').filter(Boolean),
      '--expose-gc',
      WORKER,
      name,
      JSON.stringify(db),
      String(CLIENTS),
    ],
    {
      encoding: 'utf8',
      timeout: 600_000,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return JSON.parse(out.trim().split('\n').pop());
}

async function measure(kind, which) {
  const db = await freshDatabase(kind);
  try {
    const seeded = phase('seed', db);
    const result = phase(which, db);
    if (result.verified.activeAtDue !== CLIENTS || result.verified.clientsPointingAtThem !== CLIENTS) {
      throw new Error(`${kind} ${which}: expected ${CLIENTS} activations, found ${JSON.stringify(result.verified)}`);
    }
    return { ...result, seedMs: seeded.seedMs };
  } finally {
    await db.drop();
  }
}

async function main() {
  console.log(
    `activation benchmark: ${CLIENTS} snapshots due at one instant, ${ROUNDS} round(s), databases ${DATABASES.join(', ')}, node ${process.version}`,
  );
  const results = {};
  for (const kind of DATABASES) {
    results[kind] = { service: [], floor: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate the order so neither always runs first.
      for (const which of round % 2 ? ['activate', 'floor'] : ['floor', 'activate']) {
        const r = await measure(kind, which);
        results[kind][which === 'activate' ? 'service' : 'floor'].push(r);
        const published = r.publishedMs == null ? '' : `, all published after ${(r.publishedMs / 1000).toFixed(2)} s`;
        const extra =
          which === 'activate' ? `, all audited after ${(r.auditedMs / 1000).toFixed(2)} s${published}` : '';
        console.log(
          `  ${kind.padEnd(8)} round ${round} ${which === 'activate' ? 'service' : 'floor  '}: ${(r.activationMs / 1000).toFixed(2)} s${extra}; ` +
            `RSS ${r.memory.baselineRssMb} → peak ${r.memory.peakRssMb} MB (process max ${r.memory.maxRssOfProcessMb} MB), heap peak ${r.memory.peakHeapUsedMb} MB`,
        );
      }
    }
  }
  console.log('\nmedians:');
  const summary = {};
  for (const kind of DATABASES) {
    const s = results[kind].service;
    const f = results[kind].floor;
    summary[kind] = {
      serviceActivationS: median(s.map((r) => r.activationMs)) / 1000,
      serviceAuditedS: median(s.map((r) => r.auditedMs)) / 1000,
      floorS: median(f.map((r) => r.activationMs)) / 1000,
      servicePeakRssMb: median(s.map((r) => r.memory.peakRssMb)),
      serviceBaselineRssMb: median(s.map((r) => r.memory.baselineRssMb)),
      serviceMaxRssMb: median(s.map((r) => r.memory.maxRssOfProcessMb)),
    };
    const m = summary[kind];
    console.log(
      `  ${kind.padEnd(8)} service ${m.serviceActivationS.toFixed(2)} s (target < 10 s: ${m.serviceActivationS < 10 ? 'met' : 'NOT met'}), ` +
        `audited ${m.serviceAuditedS.toFixed(2)} s, floor ${m.floorS.toFixed(2)} s, service/floor ${(m.serviceActivationS / m.floorS).toFixed(1)}x; ` +
        `RSS ${m.serviceBaselineRssMb} → ${m.servicePeakRssMb} MB (process max ${m.serviceMaxRssMb} MB)`,
    );
  }
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `activation-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ clients: CLIENTS, rounds: ROUNDS, results, summary }, null, 2)}\n`);
  console.log(`results written to ${path.relative(path.join(__dirname, '..'), file)}`);
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
