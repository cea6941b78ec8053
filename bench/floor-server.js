'use strict';

/**
 * The "floor" for bench/create-client.bench.js: the least a create-client request can cost on this
 * machine, i.e. "parse the body and insert the same rows", with no framework at all.
 *
 *   - a bare node:http server, one better-sqlite3 connection, prepared statements;
 *   - the same tables and indexes as the service's initial migration (setup, client with
 *     UNIQUE(setup_id, oauth_client_id), client_snapshot with its FK to client, audit_entry with
 *     UNIQUE(event_id)), and the same pragmas (WAL, synchronous = FULL, foreign_keys = ON,
 *     busy_timeout = 5000), so every commit is fsynced exactly as in the service;
 *   - per POST .../clients: read + JSON.parse the body, then one transaction that checks the setup
 *     exists and inserts one client row and one client_snapshot row (content = the definition as
 *     JSON), then the audit_entry row in its own transaction, as the service does after its commit.
 *     Ids are crypto.randomBytes(16).toString('hex'), as in the service.
 *
 * Deliberately skipped (the floor is "parse the body and insert the same row", not a second
 * implementation): request validation (class-validator and the cross-field client rules) and the
 * AES-256-GCM encryption of the client secret; the secret is stored as sent. Do not reuse this
 * server for anything but benchmarking.
 *
 * FLOOR_GROUP_COMMIT=1 turns on group commit, as the service's SQLite transaction runner does: the
 * create-client requests parsed in one turn of the event loop run in one transaction, each in a
 * savepoint of its own (better-sqlite3 nests db.transaction as savepoints), and are answered after
 * that single commit.
 *
 * Environment: DATA_DIR (required; the DB goes to $DATA_DIR/floor.sqlite), PORT (default 0),
 * HOST (default 127.0.0.1). Prints one JSON line {"listening":true,"port":N} on stdout when ready.
 */

const http = require('node:http');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const Database = require('better-sqlite3');

const DATA_DIR = process.env.DATA_DIR;
if (!DATA_DIR) {
  console.error('floor-server: DATA_DIR is required');
  process.exit(2);
}
const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 0);
const MAX_BODY = 1024 * 1024;

const newId = () => randomBytes(16).toString('hex');

const db = new Database(path.join(DATA_DIR, 'floor.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');

// Equivalent to libs/core/src/database/migrations/1764150000000-initial-schema.ts (as TypeORM
// creates it on SQLite) plus the client scope rows of 1764180000000-resource-servers.ts, minus the
// migrations bookkeeping table.
db.exec(`
CREATE TABLE IF NOT EXISTS "setup" ("id" varchar(32) PRIMARY KEY NOT NULL, "active_snapshot_id" varchar(32), "created_at" bigint NOT NULL);
CREATE TABLE IF NOT EXISTS "setup_snapshot" ("id" varchar(32) PRIMARY KEY NOT NULL, "setup_id" varchar(32) NOT NULL, "valid_from" bigint NOT NULL, "state" varchar(16) NOT NULL, "name" varchar(255), "owner" varchar(255), "content" text NOT NULL, "created_at" bigint NOT NULL, CONSTRAINT "fk_setup_snapshot_setup" FOREIGN KEY ("setup_id") REFERENCES "setup" ("id") ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS "ix_setup_snapshot_setup_valid_from" ON "setup_snapshot" ("setup_id", "valid_from");
CREATE INDEX IF NOT EXISTS "ix_setup_snapshot_state_valid_from" ON "setup_snapshot" ("state", "valid_from");
CREATE TABLE IF NOT EXISTS "client" ("id" varchar(32) PRIMARY KEY NOT NULL, "setup_id" varchar(32) NOT NULL, "oauth_client_id" varchar(255) NOT NULL, "secret_enc" text, "active_snapshot_id" varchar(32), "created_at" bigint NOT NULL, CONSTRAINT "fk_client_setup" FOREIGN KEY ("setup_id") REFERENCES "setup" ("id") ON DELETE CASCADE);
CREATE UNIQUE INDEX IF NOT EXISTS "uq_client_setup_oauth_client_id" ON "client" ("setup_id", "oauth_client_id");
CREATE INDEX IF NOT EXISTS "ix_client_setup_id" ON "client" ("setup_id", "id");
CREATE TABLE IF NOT EXISTS "client_snapshot" ("id" varchar(32) PRIMARY KEY NOT NULL, "client_id" varchar(32) NOT NULL, "valid_from" bigint NOT NULL, "state" varchar(16) NOT NULL, "name" varchar(255), "owner" varchar(255), "content" text NOT NULL, "created_at" bigint NOT NULL, CONSTRAINT "fk_client_snapshot_client" FOREIGN KEY ("client_id") REFERENCES "client" ("id") ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS "ix_client_snapshot_client_valid_from" ON "client_snapshot" ("client_id", "valid_from");
CREATE INDEX IF NOT EXISTS "ix_client_snapshot_state_valid_from" ON "client_snapshot" ("state", "valid_from");
CREATE TABLE IF NOT EXISTS "client_snapshot_scope" ("snapshot_id" varchar(32) NOT NULL, "name" varchar(255) NOT NULL, PRIMARY KEY ("snapshot_id", "name"), CONSTRAINT "fk_client_snapshot_scope_snapshot" FOREIGN KEY ("snapshot_id") REFERENCES "client_snapshot" ("id") ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS "ix_client_snapshot_scope_name" ON "client_snapshot_scope" ("name");
CREATE TABLE IF NOT EXISTS "audit_entry" ("id" varchar(32) PRIMARY KEY NOT NULL, "event_id" varchar(32) NOT NULL, "occurred_at" bigint NOT NULL, "actor" varchar(255) NOT NULL, "action" varchar(64) NOT NULL, "entity_type" varchar(32) NOT NULL, "entity_id" varchar(32) NOT NULL, "setup_id" varchar(32), "snapshot_id" varchar(32), "details" text);
CREATE UNIQUE INDEX IF NOT EXISTS "uq_audit_entry_event_id" ON "audit_entry" ("event_id");
CREATE INDEX IF NOT EXISTS "ix_audit_entry_entity" ON "audit_entry" ("entity_id", "occurred_at");
CREATE INDEX IF NOT EXISTS "ix_audit_entry_occurred_at" ON "audit_entry" ("occurred_at");
`);

const stmt = {
  setupExists: db.prepare('SELECT 1 FROM setup WHERE id = ?'),
  insertSetup: db.prepare('INSERT INTO setup (id, active_snapshot_id, created_at) VALUES (?, ?, ?)'),
  insertSetupSnapshot: db.prepare(
    'INSERT INTO setup_snapshot (id, setup_id, valid_from, state, name, owner, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  insertClient: db.prepare(
    'INSERT INTO client (id, setup_id, oauth_client_id, secret_enc, active_snapshot_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ),
  insertClientSnapshot: db.prepare(
    'INSERT INTO client_snapshot (id, client_id, valid_from, state, name, owner, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  insertClientScope: db.prepare('INSERT INTO client_snapshot_scope (snapshot_id, name) VALUES (?, ?)'),
  insertAudit: db.prepare(
    'INSERT INTO audit_entry (id, event_id, occurred_at, actor, action, entity_type, entity_id, setup_id, snapshot_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ),
};

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const createSetupTx = db.transaction((setupId, snapshotId, name, now) => {
  stmt.insertSetup.run(setupId, snapshotId, now);
  stmt.insertSetupSnapshot.run(snapshotId, setupId, now, 'active', name, null, JSON.stringify({ name }), now);
});

const createClientTx = db.transaction((setupId, clientId, snapshotId, oauthClientId, secret, definition, now) => {
  if (!stmt.setupExists.get(setupId)) throw new HttpError(404, 'SETUP_NOT_FOUND');
  stmt.insertClient.run(clientId, setupId, oauthClientId, secret, snapshotId, now);
  stmt.insertClientSnapshot.run(
    snapshotId,
    clientId,
    now,
    'active',
    definition.name ?? null,
    definition.owner ?? null,
    JSON.stringify(definition),
    now,
  );
  // The scopes as rows, as the service keeps them for the resource-server checks.
  for (const scope of new Set(Array.isArray(definition.scopes) ? definition.scopes : []))
    stmt.insertClientScope.run(snapshotId, scope);
});

const auditTx = db.transaction((entry) => {
  stmt.insertAudit.run(
    newId(),
    entry.eventId,
    entry.occurredAt,
    'anonymous',
    entry.action,
    entry.entityType,
    entry.entityId,
    entry.setupId,
    entry.snapshotId,
    JSON.stringify(entry.details),
  );
});

function createSetup(body) {
  const setupId = newId();
  const snapshotId = newId();
  const now = Date.now();
  createSetupTx(setupId, snapshotId, typeof body.name === 'string' ? body.name : null, now);
  auditTx({
    eventId: newId(),
    occurredAt: now,
    action: 'setup.created',
    entityType: 'setup',
    entityId: setupId,
    setupId,
    snapshotId,
    details: { valid_from: new Date(now).toISOString() },
  });
  return { setupId };
}

function createClient(setupId, body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new HttpError(400, 'INVALID_CLIENT_METADATA');
  const { client_secret: secret, valid_from: _validFrom, ...rest } = body;
  const clientId = newId();
  const snapshotId = newId();
  const now = Date.now();
  const oauthClientId = typeof rest.client_id === 'string' ? rest.client_id : newId();
  // Same shape the service stores: the definition plus the resolved client_id and auth method.
  const definition = {
    ...rest,
    client_id: oauthClientId,
    confidentiality_type: 'confidential',
    token_endpoint_auth_method: 'client_secret_basic',
  };
  try {
    createClientTx(
      setupId,
      clientId,
      snapshotId,
      oauthClientId,
      typeof secret === 'string' ? secret : null,
      definition,
      now,
    );
  } catch (err) {
    if (err && err.code === 'SQLITE_CONSTRAINT_UNIQUE') throw new HttpError(409, 'CLIENT_ID_TAKEN');
    throw err;
  }
  // After the commit, in its own transaction, as the service's audit handler does.
  auditTx({
    eventId: newId(),
    occurredAt: now,
    action: 'client.created',
    entityType: 'client',
    entityId: clientId,
    setupId,
    snapshotId,
    details: { client_id: oauthClientId, valid_from: new Date(now).toISOString() },
  });
  return { clientId };
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

const SETUPS = /^\/v2\/modules\/oauthv2\/setups\/?$/;
const CLIENTS = /^\/v2\/modules\/oauthv2\/setups\/([0-9a-f]{32})\/clients\/?$/;

const GROUP_COMMIT = process.env.FLOOR_GROUP_COMMIT === '1';
let group = [];

/** Runs every queued create-client in one transaction, then answers each. */
const commitGroup = db.transaction((items) =>
  items.map(({ setupId, body }) => {
    try {
      return { ok: true, value: createClient(setupId, body) };
    } catch (err) {
      return { ok: false, err };
    }
  }),
);

function flushGroup() {
  const items = group;
  group = [];
  let outcomes;
  try {
    outcomes = commitGroup(items);
  } catch (err) {
    outcomes = items.map(() => ({ ok: false, err }));
  }
  items.forEach(({ setupId, res }, i) => answerClient(res, setupId, outcomes[i]));
}

function answerClient(res, setupId, outcome) {
  if (outcome.ok)
    return send(res, 201, outcome.value, {
      location: `/v2/modules/oauthv2/setups/${setupId}/clients/${outcome.value.clientId}`,
    });
  const err = outcome.err;
  if (err instanceof HttpError) return send(res, err.status, { error: err.message });
  console.error(`floor-server: ${err && err.stack ? err.stack : err}`);
  return send(res, 500, { error: 'INTERNAL' });
}

const server = http.createServer((req, res) => {
  const url = req.url || '/';
  if (req.method === 'GET' && url === '/health/ready') return send(res, 200, { status: 'ok' });
  if (req.method !== 'POST') return send(res, 404, { error: 'NOT_FOUND' });
  const clientsMatch = CLIENTS.exec(url);
  if (!clientsMatch && !SETUPS.test(url)) return send(res, 404, { error: 'NOT_FOUND' });

  const chunks = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on('end', () => {
    if (tooLarge) return send(res, 413, { error: 'PAYLOAD_TOO_LARGE' });
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
    } catch {
      return send(res, 400, { error: 'MALFORMED_JSON' });
    }
    if (!clientsMatch) {
      try {
        return send(res, 201, createSetup(body || {}));
      } catch (err) {
        return answerClient(res, null, { ok: false, err });
      }
    }
    const setupId = clientsMatch[1];
    if (GROUP_COMMIT) {
      if (group.push({ setupId, body, res }) === 1) setImmediate(flushGroup);
      return undefined;
    }
    try {
      return answerClient(res, setupId, { ok: true, value: createClient(setupId, body) });
    } catch (err) {
      return answerClient(res, setupId, { ok: false, err });
    }
  });
  req.on('error', () => res.destroy());
});

function shutdown() {
  server.close();
  server.closeAllConnections?.();
  try {
    db.close();
  } catch {
    // already closed
  }
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.listen(PORT, HOST, () => {
  process.stdout.write(`${JSON.stringify({ listening: true, port: server.address().port })}\n`);
});
