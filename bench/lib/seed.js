'use strict';

/**
 * Seeds a registry database with many clients directly in SQL (the HTTP API would take minutes for
 * 100,000), in the same shape the service writes: a setup, and per client its row and one active
 * snapshot, optionally plus one scheduled snapshot. Ids are random 32-hex like the service's.
 * Used by the benchmarks only.
 */

const { randomBytes } = require('node:crypto');

const newId = () => randomBytes(16).toString('hex');
const q = (value) => (value === null ? 'NULL' : `'${String(value).replace(/'/g, "''")}'`);

function clientContent(n, uri) {
  return JSON.stringify({
    redirect_uris: [uri],
    grant_types: ['authorization_code', 'refresh_token'],
    name: `client ${n}`,
    owner: 'bench',
    client_id: `bench-${n}`,
    confidentiality_type: 'confidential',
    token_endpoint_auth_method: 'client_secret_basic',
  });
}

/**
 * @param {(sql: string) => Promise<unknown>} exec runs one SQL statement
 * @param {{ clients: number, createdAt: number, scheduledAt?: number, batch?: number, onProgress?: (n: number) => void }} options
 * @returns {Promise<{ setupId: string }>}
 */
async function seed(exec, { clients, createdAt, scheduledAt, batch = 500, onProgress }) {
  const setupId = newId();
  const setupSnapshotId = newId();
  await exec(
    `INSERT INTO setup (id, active_snapshot_id, revision, created_at) VALUES (${q(setupId)}, ${q(setupSnapshotId)}, 1, ${createdAt})`,
  );
  await exec(
    `INSERT INTO setup_snapshot (id, setup_id, valid_from, state, name, owner, content, created_at) VALUES (${q(setupSnapshotId)}, ${q(setupId)}, ${createdAt}, 'settled', 'bench', 'bench', ${q('{"name":"bench"}')}, ${createdAt})`,
  );
  for (let start = 0; start < clients; start += batch) {
    const rows = { client: [], snapshot: [] };
    for (let n = start; n < Math.min(clients, start + batch); n++) {
      const clientId = newId();
      const activeId = newId();
      rows.client.push(`(${q(clientId)}, ${q(setupId)}, ${q(`bench-${n}`)}, ${q(activeId)}, 1, ${createdAt})`);
      rows.snapshot.push(
        `(${q(activeId)}, ${q(clientId)}, ${createdAt}, 'settled', ${q(`client ${n}`)}, 'bench', ${q(clientContent(n, `https://app${n}.example.com/cb`))}, NULL, ${createdAt})`,
      );
      if (scheduledAt !== undefined) {
        rows.snapshot.push(
          `(${q(newId())}, ${q(clientId)}, ${scheduledAt}, 'scheduled', ${q(`client ${n}`)}, 'bench', ${q(clientContent(n, `https://new${n}.example.com/cb`))}, NULL, ${createdAt})`,
        );
      }
    }
    await exec(
      `INSERT INTO client (id, setup_id, oauth_client_id, active_snapshot_id, revision, created_at) VALUES ${rows.client.join(',')}`,
    );
    await exec(
      `INSERT INTO client_snapshot (id, client_id, valid_from, state, name, owner, content, secret_enc, created_at) VALUES ${rows.snapshot.join(',')}`,
    );
    if (onProgress) onProgress(Math.min(clients, start + batch));
  }
  return { setupId };
}

module.exports = { seed, newId };
