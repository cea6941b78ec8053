'use strict';

/**
 * The SQLite floor: one better-sqlite3 connection, prepared statements, WAL, synchronous = FULL,
 * foreign keys on, and group commit: the creates parsed in one turn of the event loop run in one
 * transaction, each in a savepoint of its own, and are answered after that one COMMIT (fsync), as the
 * service's transaction runner does. Same rows as the service, in the same transaction.
 */

const Database = require('better-sqlite3');
const { HttpError } = require('./rows');

const AUDIT_COLUMNS = 'event_id, occurred_at, actor, action, entity_type, entity_id, setup_id, snapshot_id, details';

function openSqliteStore(file) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const stmt = {
    setupExists: db.prepare('SELECT 1 FROM setup WHERE id = ?'),
    client: db.prepare(
      'INSERT INTO client (id, setup_id, oauth_client_id, active_snapshot_id, revision, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    snapshot: db.prepare(
      'INSERT INTO client_snapshot (id, client_id, valid_from, state, name, owner, content, created_at, secret_enc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    metadata: db.prepare(
      'INSERT INTO client_snapshot_metadata (snapshot_id, position, name, value, locale) VALUES (?, ?, ?, ?, ?)',
    ),
    scope: db.prepare('INSERT INTO client_snapshot_scope (snapshot_id, name) VALUES (?, ?)'),
    audit: db.prepare(`INSERT INTO audit_entry (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    outbox: db.prepare(
      'INSERT INTO outbox (event_id, setup_id, entity_type, entity_id, action, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
  };

  const insert = db.transaction((rows) => {
    if (!stmt.setupExists.get(rows.client[1])) throw new HttpError(404, 'SETUP_NOT_FOUND');
    stmt.client.run(...rows.client);
    stmt.snapshot.run(...rows.snapshot);
    for (const m of rows.metadata) stmt.metadata.run(...m);
    for (const name of rows.scopes) stmt.scope.run(rows.snapshot[0], name);
    const a = rows.audit;
    stmt.audit.run(
      a.eventId,
      a.occurredAt,
      a.actor,
      a.action,
      a.entityType,
      a.entityId,
      a.setupId,
      a.snapshotId,
      a.details,
    );
    if (rows.outbox) stmt.outbox.run(...rows.outbox);
  });
  const group = db.transaction((items) =>
    items.map(({ rows }) => {
      try {
        insert(rows); // nested: a savepoint of its own
        return { ok: true };
      } catch (err) {
        return { ok: false, err };
      }
    }),
  );

  let pending = [];
  const flush = () => {
    const items = pending;
    pending = [];
    let outcomes;
    try {
      outcomes = group(items);
    } catch (err) {
      outcomes = items.map(() => ({ ok: false, err }));
    }
    items.forEach((item, i) => (outcomes[i].ok ? item.resolve() : item.reject(outcomes[i].err)));
  };

  return {
    createSetup(id, snapshotId, now) {
      db.transaction(() => {
        db.prepare('INSERT INTO setup (id, active_snapshot_id, revision, created_at) VALUES (?, ?, 1, ?)').run(
          id,
          snapshotId,
          now,
        );
        db.prepare(
          "INSERT INTO setup_snapshot (id, setup_id, valid_from, state, name, content, created_at) VALUES (?, ?, ?, 'settled', 'bench', '{\"name\":\"bench\"}', ?)",
        ).run(snapshotId, id, now, now);
      })();
    },
    insertClient(rows) {
      return new Promise((resolve, reject) => {
        if (pending.push({ rows, resolve, reject }) === 1) setImmediate(flush);
      });
    },
    close: () => db.close(),
  };
}

module.exports = { openSqliteStore };
