'use strict';

/**
 * The PostgreSQL floor: a bare `pg` pool of the service's default size (DATABASE_POOL_SIZE), named prepared
 * statements, and per create one transaction writing the same rows as the service: BEGIN, client,
 * client_snapshot, its metadata rows, its scope rows (one multi-row INSERT), the audit entry (and the
 * outbox row when the service would write one), COMMIT. synchronous_commit as the server has it (on).
 */

const path = require('node:path');
const { Pool } = require('pg');

/** The service's default pool size, from its build: both sides of the ratio hold as many connections. */
const { DEFAULT_POOL_SIZE } = require(path.join(__dirname, '../../dist/libs/core/src/config/app-config.js'));

function openPgStore(url, schema) {
  const pool = new Pool({ connectionString: url, max: DEFAULT_POOL_SIZE, options: `-c search_path=${schema}` });
  const q = (client, name, text, values) => client.query({ name, text, values });
  return {
    async createSetup(id, snapshotId, now) {
      await pool.query('INSERT INTO setup (id, active_snapshot_id, revision, created_at) VALUES ($1, $2, 1, $3)', [
        id,
        snapshotId,
        now,
      ]);
      await pool.query(
        "INSERT INTO setup_snapshot (id, setup_id, valid_from, state, name, content, created_at) VALUES ($1, $2, $3, 'settled', 'bench', '{\"name\":\"bench\"}', $3)",
        [snapshotId, id, now],
      );
    },
    async insertClient(rows) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await q(
          client,
          'client',
          'INSERT INTO client (id, setup_id, oauth_client_id, active_snapshot_id, revision, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
          rows.client,
        );
        await q(
          client,
          'snapshot',
          'INSERT INTO client_snapshot (id, client_id, valid_from, state, name, owner, content, created_at, secret_enc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
          rows.snapshot,
        );
        for (const m of rows.metadata)
          await q(
            client,
            'metadata',
            'INSERT INTO client_snapshot_metadata (snapshot_id, position, name, value, locale) VALUES ($1, $2, $3, $4, $5)',
            m,
          );
        if (rows.scopes.length)
          await q(
            client,
            'scopes',
            'INSERT INTO client_snapshot_scope (snapshot_id, name) SELECT $1, unnest($2::text[])',
            [rows.snapshot[0], rows.scopes],
          );
        const a = rows.audit;
        await q(
          client,
          'audit',
          'INSERT INTO audit_entry (event_id, occurred_at, actor, action, entity_type, entity_id, setup_id, snapshot_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
          [a.eventId, a.occurredAt, a.actor, a.action, a.entityType, a.entityId, a.setupId, a.snapshotId, a.details],
        );
        if (rows.outbox)
          await q(
            client,
            'outbox',
            'INSERT INTO outbox (event_id, setup_id, entity_type, entity_id, action, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
            rows.outbox,
          );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

module.exports = { openPgStore };
