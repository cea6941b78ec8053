'use strict';

/**
 * Benchmark: the worst request bodies we could construct, each just under the 1 MiB limit, sent one
 * after another on one connection to the real service (built, as a child process, SQLite), while a
 * second connection polls GET /health/live every 5 ms. Reports the time per hostile request and the
 * probe's latency during it; the baselines, in the same run, are a valid create-client request and
 * the probe's latency with nothing else going on.
 *
 *   npm run build && node bench/hostile.bench.js
 *
 * BENCH_ROUNDS (3), BENCH_REQUESTS per body and round (20). BENCH_BASELINE_DIST: the dist/ of another
 * build (e.g. of the commit before a change) to measure alongside, alternating each round.
 */

const { spawn } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const net = require('node:net');
const path = require('node:path');
const { BENCH_AUTH_ENV, BENCH_AUTH_HEADER, DIST, freshDatabase, median, requireBuilt } = require('./lib/registry');

requireBuilt();
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const REQUESTS = Number(process.env.BENCH_REQUESTS || 20);
const HOST = '127.0.0.1';
const LIMIT = 1024 * 1024 - 64;
const TARGETS = {
  service: DIST,
  ...(process.env.BENCH_BASELINE_DIST ? { baseline: process.env.BENCH_BASELINE_DIST } : {}),
};

/** Repeats `unit` as often as fits between `head` and `tail` within the body limit. */
function fill(head, unit, tail, separator = '') {
  const count = Math.floor((LIMIT - head.length - tail.length) / (unit.length + separator.length));
  return head + Array(count).fill(unit).join(separator) + tail;
}

const members = (n, value = '1') => Array.from({ length: n }, (_, i) => `"f${i}":${value}`).join(',');

/** name → [method, path suffix under the setup, body]; `{setup}` and `{client}` are filled in. */
const BODIES = {
  'valid create-client (baseline)': () => JSON.stringify({ name: 'ok', redirect_uris: ['https://a.example.com/cb'] }),
  'nested 174,000 levels deep': () => {
    const depth = Math.floor(LIMIT / 6);
    return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  },
  'array of 260,000 items': () => fill('{"redirect_uris":[', '"x"', ']}', ','),
  'object of 5,000 unknown members': () => `{${members(5000)}}`,
  'object of 95,000 members': () => {
    let n = 110_000;
    while (members(n).length + 2 > LIMIT) n -= 5000;
    return `{${members(n)}}`;
  },
  '1,000 objects of 100 unknown members': () =>
    `{"name":"n","redirect_uris":["https://a.example.com/cb"],"metadata":[${Array(1000)
      .fill(`{${members(100)}}`)
      .join(',')}]}`.slice(0, LIMIT),
  '900 objects of 90 members, 15 levels deep': () => {
    const leaf = `{${members(90)}}`;
    return `{"jwks":{"keys":[${Array(900).fill(`[[[[[[[[[[[${leaf}]]]]]]]]]]]`).join(',')}]}}`;
  },
  '1,000 metadata items of control characters': () =>
    `{"name":"n","redirect_uris":["https://a.example.com/cb"],"metadata":[${Array(1000)
      .fill(`{"name":"${'\\u0000'.repeat(40)}","value":"${'\\ud800'.repeat(120)}"}`)
      .join(',')}]}`,
  '1,000 scopes, every rule broken': () =>
    `{"name":"rs","scopes":[${Array(1000)
      .fill(
        `{"name":"bad scope!","policy_implicit_flow":"sometimes","custom_claims":[${Array(60).fill('"a b"').join(',')}],"metadata":[{"name":1}]}`,
      )
      .join(',')}]}`,
  '100 redirect URIs of 2 KiB, every one wrong': () =>
    JSON.stringify({
      name: 'n',
      redirect_uris: Array.from({ length: 100 }, (_, i) => `http://0x7f000001/${i}/${'%2A'.repeat(660)}`),
    }),
  'bytes that are not UTF-8': () =>
    Buffer.concat([Buffer.from('{"name":"'), Buffer.alloc(LIMIT, 0xc3), Buffer.from('"}')]),
};

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

async function startService(db, dist) {
  const port = await freePort();
  const env = { ...process.env, ...BENCH_AUTH_ENV, ...db.env, PORT: String(port), HOST, LOG_LEVEL: 'warn' };
  for (const key of ['API_PREFIX', 'SECRET_KEY_FILE']) delete env[key];
  const child = spawn(process.execPath, [path.join(dist, 'apps', 'api', 'src', 'main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://${HOST}:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return { child, base };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error('the service did not become ready');
}

/** Polls /health/live every 5 ms until stopped; returns every latency seen. */
function probe(base) {
  const latencies = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${base}/health/live`)).arrayBuffer();
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return async () => {
    running = false;
    await done;
    return latencies;
  };
}

const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

async function measure(base, clients, name, body) {
  const times = [];
  const statuses = new Set();
  const stop = probe(base);
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const res = await fetch(clients(name), {
      method: 'POST',
      headers: { ...BENCH_AUTH_HEADER, 'content-type': 'application/json' },
      body,
    });
    await res.arrayBuffer();
    times.push(performance.now() - started);
    statuses.add(res.status);
  }
  const health = await stop();
  return {
    name,
    bytes: body.length,
    statuses: [...statuses].join(','),
    p50: median(times),
    p99: percentile(times, 0.99),
    healthP50: median(health),
    healthMax: Math.max(...health),
  };
}

/** Starts the build in `dist` on a fresh database with one setup; returns where to send what. */
async function startTarget(dist) {
  const db = await freshDatabase('sqlite');
  const { child, base } = await startService(db, dist);
  const setupId = (
    await (
      await fetch(`${base}/v2/modules/oauthv2/setups`, {
        method: 'POST',
        headers: { ...BENCH_AUTH_HEADER, 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()
  ).setupId;
  const setup = `${base}/v2/modules/oauthv2/setups/${setupId}`;
  return {
    base,
    target: (name) => (name.includes('scopes') ? `${setup}/resource-servers` : `${setup}/clients`),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await db.drop();
    },
  };
}

async function main() {
  console.log(`hostile-bodies benchmark: ${ROUNDS} round(s) of ${REQUESTS} requests per body, node ${process.version}`);
  const bodies = Object.fromEntries(Object.entries(BODIES).map(([name, make]) => [name, make()]));
  const running = {};
  try {
    for (const [label, dist] of Object.entries(TARGETS)) running[label] = await startTarget(dist);
    const idle = {};
    const rows = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [label, { base, target }] of Object.entries(running)) {
        // Before the fix this body blocked the service for minutes (quadratic); the 5,000-member one shows the trend.
        const skip = (name) => label === 'baseline' && name.startsWith('object of 95,000');
        const stop = probe(base);
        await new Promise((r) => setTimeout(r, 500));
        (idle[label] ??= []).push(median(await stop()));
        for (const [name, body] of Object.entries(bodies)) {
          if (skip(name)) continue;
          const row = { label, round, ...(await measure(base, target, name, body)) };
          rows.push(row);
          console.log(
            `  ${label.padEnd(8)} round ${round} ${name.padEnd(44)} ${String(row.statuses).padEnd(7)} ${row.p50.toFixed(1).padStart(7)} ms/req (p99 ${row.p99.toFixed(1).padStart(6)})  health p50 ${row.healthP50.toFixed(1).padStart(5)} max ${row.healthMax.toFixed(1).padStart(6)} ms`,
          );
        }
      }
    }
    for (const label of Object.keys(running)) {
      console.log(`\n${label}: medians over ${ROUNDS} round(s); health idle p50 ${median(idle[label]).toFixed(2)} ms`);
      console.log('| body | size | status | ms per request (p50) | p99 | /health/live p50 | /health/live max |');
      console.log('|---|---:|---:|---:|---:|---:|---:|');
      for (const name of Object.keys(bodies)) {
        const mine = rows.filter((r) => r.label === label && r.name === name);
        if (!mine.length) {
          console.log(`| ${name} | | not measured | | | | |`);
          continue;
        }
        const m = (key) => median(mine.map((r) => r[key])).toFixed(1);
        console.log(
          `| ${name} | ${(bodies[name].length / 1024).toFixed(0)} KiB | ${[...new Set(mine.map((r) => r.statuses))].join(',')} | ${m('p50')} | ${m('p99')} | ${m('healthP50')} | ${m('healthMax')} |`,
        );
      }
    }
  } finally {
    for (const { stop } of Object.values(running)) await stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
