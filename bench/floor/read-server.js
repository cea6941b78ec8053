'use strict';

/**
 * The read floor of bench/list-clients.bench.js: a bare node:http server over the service's own
 * database (the same SQLite file, read-only, or the same PostgreSQL schema, a `pg` pool of the service's default size), doing
 * the reads the service does with prepared statements and answering JSON, with no framework:
 *
 *   GET /clients?setup=<id>[&after=<clientId>]  page of 100 client ids of the setup in id order that
 *                                               have a snapshot in force (per-row EXISTS with OFFSET 0, as
 *                                               the service: PostgreSQL otherwise plans a semi-join over all)
 *   GET /client?setup=<id>&id=<clientId>        the client row, its snapshot in force, its setup's
 *                                               snapshot in force (the three reads of GET client)
 *
 * Environment: FLOOR_SQLITE_FILE or FLOOR_DATABASE_URL + FLOOR_SCHEMA; PORT, HOST.
 */

const http = require('node:http');
const path = require('node:path');

const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 0);
const LIMIT = 100;

const SQL = {
  page: (p) =>
    `SELECT c.id FROM client c WHERE c.setup_id = ${p(1)} AND c.id > ${p(2)} AND EXISTS (SELECT 1 FROM client_snapshot s WHERE s.client_id = c.id AND s.valid_from = (SELECT MAX(l.valid_from) FROM client_snapshot l WHERE l.client_id = c.id AND l.valid_from <= ${p(3)}) LIMIT 1 OFFSET 0) ORDER BY c.id LIMIT ${LIMIT + 1}`,
  client: (p) => `SELECT * FROM client WHERE id = ${p(1)} AND setup_id = ${p(2)}`,
  snapshot: (p) =>
    `SELECT * FROM client_snapshot WHERE client_id = ${p(1)} AND valid_from <= ${p(2)} ORDER BY valid_from DESC LIMIT 1`,
  setup: (p) =>
    `SELECT * FROM setup_snapshot WHERE setup_id = ${p(1)} AND valid_from <= ${p(2)} ORDER BY valid_from DESC LIMIT 1`,
};

function openSqlite(file) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const stmt = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql(() => '?'))]));
  return {
    page: async (...args) => stmt.page.all(...args).map((r) => r.id),
    one: async (name, ...args) => stmt[name].get(...args),
  };
}

function openPg(url, schema) {
  const { Pool } = require('pg');
  const { DEFAULT_POOL_SIZE } = require(path.join(__dirname, '../../dist/libs/core/src/config/app-config.js'));
  const pool = new Pool({ connectionString: url, max: DEFAULT_POOL_SIZE, options: `-c search_path=${schema}` });
  const texts = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, sql((n) => `$${n}`)]));
  const q = (name, values) => pool.query({ name, text: texts[name], values });
  return {
    page: async (...args) => (await q('page', args)).rows.map((r) => r.id),
    one: async (name, ...args) => (await q(name, args)).rows[0],
  };
}

const store = process.env.FLOOR_DATABASE_URL
  ? openPg(process.env.FLOOR_DATABASE_URL, process.env.FLOOR_SCHEMA)
  : openSqlite(process.env.FLOOR_SQLITE_FILE);

function send(res, status, payload) {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, `http://${HOST}`);
    const now = String(Date.now());
    if (url.pathname === '/health/ready') return send(res, 200, { status: 'ok' });
    const setup = url.searchParams.get('setup');
    if (url.pathname === '/clients') {
      const ids = await store.page(setup, url.searchParams.get('after') || '', now);
      const clientIds = ids.slice(0, LIMIT);
      return send(res, 200, { clientIds, next: ids.length > LIMIT ? clientIds[LIMIT - 1] : null });
    }
    if (url.pathname === '/client') {
      const id = url.searchParams.get('id');
      const client = await store.one('client', id, setup);
      if (!client) return send(res, 404, { error: 'CLIENT_NOT_FOUND' });
      const snapshot = await store.one('snapshot', id, now);
      const setupSnapshot = await store.one('setup', setup, now);
      const content = JSON.parse(snapshot.content);
      const defaults = JSON.parse(setupSnapshot.content).client_defaults;
      return send(res, 200, {
        ...content,
        ...(defaults ? { inherited_defaults: defaults } : {}),
        revision: client.revision,
      });
    }
    return send(res, 404, { error: 'NOT_FOUND' });
  } catch (err) {
    console.error(`read floor: ${err && err.stack ? err.stack : err}`);
    return send(res, 500, { error: 'INTERNAL' });
  }
});
process.on('SIGTERM', () => process.exit(0));
server.listen(PORT, HOST);
