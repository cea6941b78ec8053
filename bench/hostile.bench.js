'use strict';

/**
 * Benchmark: the worst request bodies we could construct for every write endpoint, most of them close
 * to the 1 MiB limit, sent one after another on one connection to the real service (built, as a child
 * process, SQLite), while a
 * second connection polls GET /health/live every 5 ms. Reports the time per hostile request and the
 * probe's latency during it; the baselines, in the same run, are a valid create-client request and
 * the probe's latency with nothing else going on.
 *
 *   npm run build && node bench/hostile.bench.js
 *
 * BENCH_ROUNDS (3), BENCH_REQUESTS per body and round (20). BENCH_BASELINE_DIST: the dist/ of another
 * build (e.g. of the commit before a change) to measure alongside, alternating each round. BENCH_ONLY:
 * a regular expression; only the bodies whose names match (and the baseline request) are sent.
 * BENCH_SHOW=1 prints the start of the first answer to each body. Needs openssl (for an x5c certificate).
 */

const { execFileSync, spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
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
const times = (n, text, separator = ',') => Array(n).fill(text).join(separator);
/** The largest n (stepping down) for which make(n) stays within the body limit. */
function fitting(make, n, step = 1) {
  while (n > step && Buffer.byteLength(make(n)) > LIMIT) n -= step;
  return make(n);
}

/** Keys and certificates for the jwks bodies: generated once per run (8192-bit RSA takes a few seconds). */
function keyMaterial() {
  const rsa = (bits) =>
    crypto
      .generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537 })
      .publicKey.export({ format: 'jwk' });
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey.export({ format: 'jwk' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-bench-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:4096',
        '-nodes',
        '-keyout',
        path.join(dir, 'k'),
        '-out',
        path.join(dir, 'c'),
        '-outform',
        'DER',
        '-subj',
        '/CN=bench',
        '-days',
        '2',
      ],
      { stdio: 'ignore' },
    );
    const cert = fs.readFileSync(path.join(dir, 'c'));
    const certKey = new crypto.X509Certificate(cert).publicKey.export({ format: 'jwk' });
    return { rsa8192: rsa(8192), ec, cert: cert.toString('base64'), certKey };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A broken metadata item: every member of the wrong type. */
const BAD_ITEM = '{"name":1,"value":2,"locale":3}';

/**
 * name → { to: which endpoint, body }. Endpoints are the write endpoints of one setup (see
 * startTarget); every body is within the shape limits (16 levels, 1,000 items, 100 members) unless
 * it is about them, and as close to the 1 MiB limit as it can get.
 */
function hostileBodies(keys) {
  const scope = (i, extra = '') => `{"name":"s${i}"${extra}}`;
  const client = (i, extra = '') =>
    `{"client_id":"c${i}","name":"n","redirect_uris":["https://a${i}.example.com/cb"]${extra}}`;
  const jwks = (key, n) =>
    JSON.stringify({
      name: 'k',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: Array.from({ length: n }, (_, i) => ({ ...key, kid: `k${i}` })) },
    });
  return {
    'valid create-client (baseline)': [
      'clients',
      JSON.stringify({ name: 'ok', redirect_uris: ['https://a.example.com/cb'] }),
    ],
    'nested 174,000 levels deep': [
      'clients',
      '{"a":'.repeat(Math.floor(LIMIT / 6)) + '1' + '}'.repeat(Math.floor(LIMIT / 6)),
    ],
    'array of 260,000 items': ['clients', fill('{"redirect_uris":[', '"x"', ']}', ',')],
    'object of 95,000 members': ['clients', fitting((n) => `{${members(n)}}`, 110_000, 5000)],
    '1,000 objects of 100 unknown members': [
      'clients',
      `{"name":"n","redirect_uris":["https://a.example.com/cb"],"metadata":[${times(1000, `{${members(100)}}`)}]}`.slice(
        0,
        LIMIT,
      ),
    ],
    '900 objects of 90 members, 15 levels deep': [
      'clients',
      `{"jwks":{"keys":[${times(900, `[[[[[[[[[[[{${members(90)}}]]]]]]]]]]]`)}]}}`,
    ],
    '1,000 metadata items of control characters': [
      'clients',
      `{"name":"n","redirect_uris":["https://a.example.com/cb"],"metadata":[${times(1000, `{"name":"${'\\u0000'.repeat(40)}","value":"${'\\ud800'.repeat(120)}"}`)}]}`,
    ],
    '100 redirect URIs of 2 KiB, every one wrong': [
      'clients',
      JSON.stringify({
        name: 'n',
        redirect_uris: Array.from({ length: 100 }, (_, i) => `http://0x7f000001/${i}/${'%2A'.repeat(660)}`),
      }),
    ],
    'bytes that are not UTF-8': [
      'clients',
      Buffer.concat([Buffer.from('{"name":"'), Buffer.alloc(LIMIT, 0xc3), Buffer.from('"}')]),
    ],
    'client: 100 metadata items x 100 wrong items each': [
      'clients',
      `{"name":"n","redirect_uris":["https://a.example.com/cb"],"metadata":[${times(100, `[${times(100, BAD_ITEM)}]`)}]}`,
    ],
    'client: jwks of 100 RSA-8192 keys': ['clients', jwks(keys.rsa8192, 100)],
    'client: jwks of 100 P-521 keys': ['clients', jwks(keys.ec, 100)],
    'client: jwks of 10 P-521 keys (the maximum)': ['clients', jwks(keys.ec, 10)],
    'client: jwks of 100 keys with an x5c certificate': ['clients', jwks({ ...keys.certKey, x5c: [keys.cert] }, 100)],
    'client: jwks of 100 keys x 100 wrong members': [
      'clients',
      `{"name":"n","jwks":{"keys":[${times(100, `{${Array.from({ length: 100 }, (_, i) => `"${['kty', 'n', 'e', 'x', 'y', 'crv', 'kid', 'alg', 'use', 'x5c'][i % 10]}${i < 10 ? '' : i}":[1]`).join(',')}}`)}]}}`,
    ],
    'client PUT: every array at its maximum, every item wrong': [
      'client',
      JSON.stringify({
        name: 'n',
        redirect_uris: Array(100).fill('javascript:x'),
        contacts: Array(100).fill('not mail'),
        scopes: Array(100).fill('bad scope'),
        metadata: Array(100).fill({ name: '', locale: 'x_y' }),
      }),
    ],
    'resource server: 1,000 scopes, every rule broken': [
      'resource-servers',
      `{"name":"rs","scopes":[${times(1000, `{"name":"bad scope!","policy_implicit_flow":"sometimes","custom_claims":[${times(60, '"a b"')}],"metadata":[{"name":1}]}`)}]}`,
    ],
    'resource server: 1,000 scopes of 40 wrong metadata items': [
      'resource-servers',
      fitting(
        (n) => `{"name":"rs","scopes":[${times(n, `{"name":"s","metadata":[${times(40, BAD_ITEM)}]}`)}]}`,
        1000,
        10,
      ),
    ],
    'resource server: 1,000 scopes of 25 repeated metadata items and an unknown member': [
      'resource-servers',
      `{"name":"rs","scopes":[${times(1000, `{"name":"s","description":"\\u0001\\u0001","metadata":[${times(25, '{"name":"","value":"\\u0002"}')}]}`)}]}`,
    ],
    'resource server: 1,000 valid scopes of 30 metadata items': [
      'resource-servers',
      fitting(
        (n) =>
          `{"name":"rs","scopes":[${Array.from({ length: n }, (_, i) => scope(i, `,"metadata":[${Array.from({ length: 30 }, (_, j) => `{"name":"m${j}","value":"v","locale":"en"}`).join(',')}]`)).join(',')}]}`,
        1000,
        10,
      ),
    ],
    'setup: registration_policy of 1,000 wrong scopes and hosts': [
      'setups',
      JSON.stringify({
        name: 's',
        metadata: Array(100).fill({ name: 1 }),
        registration_policy: {
          allowed_scopes: Array(1000).fill('a b'),
          allowed_redirect_uris: { https_hosts: Array(100).fill('-'.repeat(250)) },
        },
        client_defaults: { grant_types: Array(8).fill('nope'), access_token_ttl: 1e308 },
      }),
    ],
    'setup PUT: 100 metadata items x 100 wrong items each': [
      'setup',
      `{"name":"s","metadata":[${times(100, `[${times(100, BAD_ITEM)}]`)}]}`,
    ],
    'plan: 1,000 clients, every rule broken': [
      'plan',
      fitting(
        (n) =>
          `{"clients":[${times(n, `{"client_id":1,"redirect_uris":["javascript:x"],"grant_types":["nope"],"metadata":[${times(20, BAD_ITEM)}],"f":1}`)}]}`,
        1000,
        10,
      ),
    ],
    'plan: 1,000 resource servers of wrong scopes': [
      'plan',
      fitting(
        (n) =>
          `{"resource_servers":[${times(n, `{"name":"r","scopes":[${times(25, '{"name":"a b","policy_refresh_token":1}')}]}`)}]}`,
        1000,
        10,
      ),
    ],
    'plan: 1,000 valid clients': [
      'plan',
      `{"setup":{},"clients":[${Array.from({ length: 1000 }, (_, i) => client(i)).join(',')}]}`,
    ],
    'apply: 1,000 clients, every rule broken': [
      'apply',
      fitting(
        (n) =>
          `{"plan_hash":"x","document":{"clients":[${times(n, `{"client_id":1,"redirect_uris":["javascript:x"],"metadata":[${times(20, BAD_ITEM)}]}`)}]}}`,
        1000,
        10,
      ),
    ],
    'restore: 100 unknown members of 1,000 items': [
      'restore',
      `{${Array.from({ length: 100 }, (_, i) => `"f${i}":[${times(1000, '1')}]`).join(',')}}`,
    ],
    'consent: 1,000 scopes, every one wrong': [
      'consent',
      JSON.stringify({ scopes: Array.from({ length: 1000 }, (_, i) => `bad scope ${i} ${'x'.repeat(900)}`) }),
    ],
    'register (RFC 7591): jwks of 100 RSA-8192 keys': [
      'register',
      JSON.stringify({
        redirect_uris: ['https://a.example.com/cb'],
        jwks: { keys: Array.from({ length: 100 }, (_, i) => ({ ...keys.rsa8192, kid: `k${i}` })) },
        token_endpoint_auth_method: 'private_key_jwt',
      }),
    ],
    'register (RFC 7591): 1,000 wrong scopes, 100 wrong URIs, 100 wrong keys': [
      'register',
      JSON.stringify({
        redirect_uris: Array(100).fill('http://0x7f000001/%2A'),
        scope: Array(1000).fill('"x').join(' '),
        contacts: Array(100).fill(1),
        jwks: { keys: Array(100).fill({ kty: 'RSA', n: 'A'.repeat(2048), e: 'AAAA' }) },
      }),
    ],
    'client configuration PUT (RFC 7592): jwks of 10 RSA-8192 keys': [
      'registration',
      JSON.stringify({
        client_id: '{client_id}',
        redirect_uris: ['https://a.example.com/cb'],
        jwks: { keys: Array.from({ length: 10 }, (_, i) => ({ ...keys.rsa8192, kid: `k${i}` })) },
        token_endpoint_auth_method: 'private_key_jwt',
      }),
    ],
    'initial access token: 100 unknown members of 1,000 items': [
      'initial-access-tokens',
      `{${Array.from({ length: 100 }, (_, i) => `"f${i}":[${times(1000, '"x"')}]`).join(',')}}`,
    ],
  };
}

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

async function measure(base, endpoint, name, body) {
  const times = [];
  const statuses = new Set();
  const stop = probe(base);
  for (let i = 0; i < REQUESTS; i++) {
    const { method, url, headers, clientId } = endpoint;
    const sent = clientId && typeof body === 'string' ? body.replaceAll('{client_id}', clientId) : body;
    const started = performance.now();
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: sent });
    const answer = await res.arrayBuffer();
    times.push(performance.now() - started);
    if (process.env.BENCH_SHOW && i === 0)
      console.log(`    ${res.status} ${Buffer.from(answer).toString().slice(0, 400)}`);
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

/** Starts the build in `dist` on a fresh database with one setup and what its endpoints need. */
async function startTarget(dist) {
  const db = await freshDatabase('sqlite');
  const { child, base } = await startService(db, dist);
  const call = async (method, url, body, expected) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { ...BENCH_AUTH_HEADER, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== expected) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const setup = `/v2/modules/oauthv2/setups/${(await call('POST', '/v2/modules/oauthv2/setups', { name: 'hostile' }, 201)).setupId}`;
  const snapshot = (await call('GET', `${setup}/snapshots`, undefined, 200)).snapshotIds[0];
  const { clientId } = await call(
    'POST',
    `${setup}/clients`,
    { name: 'c', redirect_uris: ['https://c.example.com/cb'] },
    201,
  );
  const registered = await call(
    'POST',
    `/v3${setup.slice(3)}/clients`,
    { redirect_uris: ['https://r.example.com/cb'] },
    201,
  );
  const admin = { ...BENCH_AUTH_HEADER, 'if-match': '"1"' };
  const endpoints = {
    setups: ['POST', '/v2/modules/oauthv2/setups'],
    setup: ['PUT', setup],
    clients: ['POST', `${setup}/clients`],
    client: ['PUT', `${setup}/clients/${clientId}`],
    'resource-servers': ['POST', `${setup}/resource-servers`],
    plan: ['POST', `${setup}/plan`],
    apply: ['POST', `${setup}/apply`],
    restore: ['POST', `${setup}/snapshots/${snapshot}/restore`],
    consent: ['PUT', `${setup}/clients/${clientId}/persisted-consent?user=u`],
    register: ['POST', `/v3${setup.slice(3)}/clients`],
    registration: [
      'PUT',
      new URL(registered.registration_client_uri).pathname,
      { authorization: `Bearer ${registered.registration_access_token}` },
      registered.client_id,
    ],
    'initial-access-tokens': ['POST', `${setup}/initial-access-tokens`],
  };
  return {
    base,
    endpoint: (to) => {
      const [method, url, headers, clientId] = endpoints[to];
      return { method, url: `${base}${url}`, headers: headers ?? admin, clientId };
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await db.drop();
    },
  };
}

async function main() {
  console.log(`hostile-bodies benchmark: ${ROUNDS} round(s) of ${REQUESTS} requests per body, node ${process.version}`);
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : null;
  const all = hostileBodies(keyMaterial());
  const chosen = Object.entries(all).filter(([name]) => !only || only.test(name) || name.includes('baseline'));
  const targets = Object.fromEntries(chosen.map(([name, [to]]) => [name, to]));
  const bodies = Object.fromEntries(chosen.map(([name, [, body]]) => [name, body]));
  const running = {};
  try {
    for (const [label, dist] of Object.entries(TARGETS)) running[label] = await startTarget(dist);
    const idle = {};
    const rows = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [label, { base, endpoint }] of Object.entries(running)) {
        // Before the fix this body blocked the service for minutes (quadratic); the 5,000-member one shows the trend.
        const skip = (name) => label === 'baseline' && name.startsWith('object of 95,000');
        const stop = probe(base);
        await new Promise((r) => setTimeout(r, 500));
        (idle[label] ??= []).push(median(await stop()));
        for (const [name, body] of Object.entries(bodies)) {
          if (skip(name)) continue;
          const row = { label, round, ...(await measure(base, endpoint(targets[name]), name, body)) };
          rows.push(row);
          console.log(
            `  ${label.padEnd(8)} round ${round} ${name.padEnd(62)} ${String(row.statuses).padEnd(7)} ${row.p50.toFixed(1).padStart(7)} ms/req (p99 ${row.p99.toFixed(1).padStart(6)})  health p50 ${row.healthP50.toFixed(1).padStart(5)} max ${row.healthMax.toFixed(1).padStart(6)} ms`,
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
