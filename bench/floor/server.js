'use strict';

/**
 * The floor of bench/create-client.bench.js: the least a create-client request can cost here, i.e.
 * "parse the body and insert the same rows durably", with no framework. A bare node:http server; the
 * schema comes from the service's own migrations (built dist/), so tables, indexes and foreign keys
 * are the service's. Per POST …/clients: read and JSON.parse the body, build the rows the service
 * writes (bench/floor/rows.js) and insert them in one transaction (SQLite: group commit, see
 * sqlite-store.js; PostgreSQL: see pg-store.js), then answer 201. No validation, no encryption, no
 * logging: the floor is a yardstick, not a second implementation.
 *
 * Environment: DATA_DIR (SQLite: $DATA_DIR/floor.sqlite) or FLOOR_DATABASE_URL + FLOOR_SCHEMA
 * (PostgreSQL); FLOOR_OUTBOX=1 also writes the outbox row (as the service does with NATS_URL set);
 * PORT, HOST.
 */

const http = require('node:http');
const path = require('node:path');
const { HttpError, clientRows, newId } = require('./rows');

const ROOT = path.resolve(__dirname, '..', '..');
const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 0);
const MAX_BODY = 1024 * 1024;
const WITH_OUTBOX = process.env.FLOOR_OUTBOX === '1';
const PG_URL = process.env.FLOOR_DATABASE_URL;

async function migrate(config) {
  const { buildDataSourceOptions } = require(path.join(ROOT, 'dist/libs/core/src/database/data-source-options.js'));
  const { DataSource } = require('typeorm');
  const ds = new DataSource({ ...buildDataSourceOptions(config), entities: [] });
  await ds.initialize();
  await ds.destroy();
}

async function openStore() {
  if (PG_URL) {
    const schema = process.env.FLOOR_SCHEMA;
    await migrate({ type: 'postgres', url: PG_URL, schema });
    return require('./pg-store').openPgStore(PG_URL, schema);
  }
  if (!process.env.DATA_DIR) throw new Error('floor: DATA_DIR or FLOOR_DATABASE_URL is required');
  const file = path.join(process.env.DATA_DIR, 'floor.sqlite');
  await migrate({ type: 'sqlite', path: file });
  return require('./sqlite-store').openSqliteStore(file);
}

function send(res, status, payload, headers) {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function fail(res, err) {
  if (err instanceof HttpError) return send(res, err.status, { error: err.message });
  if (err && (err.code === '23505' || err.code === 'SQLITE_CONSTRAINT_UNIQUE'))
    return send(res, 409, { error: 'CLIENT_ID_TAKEN' });
  if (err && (err.code === '23503' || err.code === 'SQLITE_CONSTRAINT_FOREIGNKEY'))
    return send(res, 404, { error: 'SETUP_NOT_FOUND' });
  console.error(`floor: ${err && err.stack ? err.stack : err}`);
  return send(res, 500, { error: 'INTERNAL' });
}

const SETUPS = /^\/v2\/modules\/oauthv2\/setups\/?$/;
const CLIENTS = /^\/v2\/modules\/oauthv2\/setups\/([0-9a-f]{32})\/clients\/?$/;

async function main() {
  const store = await openStore();
  const server = http.createServer((req, res) => {
    const url = req.url || '/';
    if (req.method === 'GET' && url === '/health/ready') return send(res, 200, { status: 'ok' });
    const clientsMatch = req.method === 'POST' && CLIENTS.exec(url);
    if (!clientsMatch && !(req.method === 'POST' && SETUPS.test(url))) return send(res, 404, { error: 'NOT_FOUND' });
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', async () => {
      if (size > MAX_BODY) return send(res, 413, { error: 'PAYLOAD_TOO_LARGE' });
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(res, 400, { error: 'MALFORMED_JSON' });
      }
      try {
        if (!clientsMatch) {
          const setupId = newId();
          await store.createSetup(setupId, newId(), Date.now());
          return send(res, 201, { setupId });
        }
        const setupId = clientsMatch[1];
        const rows = clientRows(setupId, body, 'bench', WITH_OUTBOX);
        await store.insertClient(rows);
        return send(res, 201, rows.answer, {
          location: `/v2/modules/oauthv2/setups/${setupId}/clients/${rows.answer.clientId}`,
        });
      } catch (err) {
        return fail(res, err);
      }
    });
    req.on('error', () => res.destroy());
    return undefined;
  });
  const shutdown = () => {
    server.close();
    server.closeAllConnections?.();
    Promise.resolve(store.close()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  server.listen(PORT, HOST, () =>
    process.stdout.write(`${JSON.stringify({ listening: true, port: server.address().port })}\n`),
  );
}

main().catch((err) => {
  console.error(`floor: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
