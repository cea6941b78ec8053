import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@app/core';
import { MIGRATIONS } from '../libs/core/src/database/data-source-options';
import { createTestDatabase, DATABASES, type TestDatabase } from './support/databases';

/** Migrations run on databases that already hold data, not only on empty ones. */
describe.each(DATABASES)('migrations on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.drop());

  async function migrateTo(count: number): Promise<DataSource> {
    const ds = new DataSource({
      ...buildDataSourceOptions(db.config),
      migrations: MIGRATIONS.slice(0, count),
      migrationsRun: false,
    });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    return ds;
  }

  it('gives the client snapshots stored before resource servers existed their scope rows', async () => {
    const before = MIGRATIONS.findIndex((m) => m.name === 'ResourceServers1764180000000');
    expect(before).toBeGreaterThan(0);
    const old = await migrateTo(before);
    const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
    await old.query(`INSERT INTO setup (id, active_snapshot_id, created_at, revision) VALUES (${p(1)}, NULL, 0, 1)`, [
      'a'.repeat(32),
    ]);
    await old.query(
      `INSERT INTO client (id, setup_id, oauth_client_id, active_snapshot_id, created_at, revision) VALUES (${p(1)}, ${p(2)}, 'c', NULL, 0, 1)`,
      ['b'.repeat(32), 'a'.repeat(32)],
    );
    const snapshot = (id: string, content: object) =>
      old.query(
        `INSERT INTO client_snapshot (id, client_id, valid_from, state, content, created_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}, 'settled', ${p(4)}, 0)`,
        [id, 'b'.repeat(32), id === 'c'.repeat(32) ? '1' : '2', JSON.stringify(content)],
      );
    await snapshot('c'.repeat(32), { redirect_uris: ['https://a.example/cb'], scopes: ['openid', 'accounts:read'] });
    await snapshot('d'.repeat(32), { redirect_uris: ['https://a.example/cb'] });
    await old.destroy();

    const migrated = await migrateTo(MIGRATIONS.length);
    try {
      const rows: Array<{ snapshot_id: string; name: string }> = await migrated.query(
        'SELECT snapshot_id, name FROM client_snapshot_scope ORDER BY name',
      );
      expect(rows).toEqual([
        { snapshot_id: 'c'.repeat(32), name: 'accounts:read' },
        { snapshot_id: 'c'.repeat(32), name: 'openid' },
      ]);
    } finally {
      await migrated.destroy();
    }
  });
});

describe.each(DATABASES)("nevisMeta's shapes migration on %s", (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.drop());

  async function migrateTo(count: number): Promise<DataSource> {
    const ds = new DataSource({ ...buildDataSourceOptions(db.config), migrations: MIGRATIONS.slice(0, count) });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    return ds;
  }

  it("converts stored setup and resource-server snapshots to nevisMeta's member names and types", async () => {
    const before = MIGRATIONS.findIndex((m) => m.name === 'NevisMetaShapes1765160000000');
    expect(before).toBeGreaterThan(0);
    const old = await migrateTo(before);
    const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
    const [setup, server] = ['a'.repeat(32), 'b'.repeat(32)];
    await old.query(`INSERT INTO setup (id, active_snapshot_id, created_at, revision) VALUES (${p(1)}, NULL, 0, 1)`, [
      setup,
    ]);
    await old.query(
      `INSERT INTO setup_snapshot (id, setup_id, valid_from, state, content, created_at) VALUES (${p(1)}, ${p(2)}, 1, 'settled', ${p(3)}, 0)`,
      [
        'c'.repeat(32),
        setup,
        JSON.stringify({
          name: 'old',
          resource_server_defaults: {
            policy_implicit_flow: 'not_allowed',
            policy_authorization_code_flow: 'consent_persisted',
            policy_refresh_token: 'no_consent',
            policy_force_reauthentication: 'consent_required',
          },
        }),
      ],
    );
    await old.query(
      `INSERT INTO resource_server (id, setup_id, active_snapshot_id, created_at, revision) VALUES (${p(1)}, ${p(2)}, NULL, 0, 1)`,
      [server, setup],
    );
    await old.query(
      `INSERT INTO resource_server_snapshot (id, resource_server_id, valid_from, state, content, created_at) VALUES (${p(1)}, ${p(2)}, 1, 'settled', ${p(3)}, 0)`,
      [
        'd'.repeat(32),
        server,
        JSON.stringify({
          scopes: [
            { name: 'a', policy_force_reauthentication: 'no_consent', custom_claims: ['account_ids', 'iban'] },
            { name: 'b', custom_claims: [], policy_refresh_token: 'not_allowed' },
            { name: 'c' },
          ],
        }),
      ],
    );
    await old.destroy();

    const migrated = await migrateTo(MIGRATIONS.length);
    try {
      const [setupRow]: Array<{ content: string }> = await migrated.query('SELECT content FROM setup_snapshot');
      expect(JSON.parse(setupRow.content)).toEqual({
        name: 'old',
        resource_server_defaults: {
          scope_policy_implicit_flow: 'not_allowed',
          scope_policy_authorization_code_flow: 'consent_persisted',
          scope_policy_refresh_token: 'no_consent',
        },
      });
      const [serverRow]: Array<{ content: string }> = await migrated.query(
        'SELECT content FROM resource_server_snapshot',
      );
      expect(JSON.parse(serverRow.content)).toEqual({
        scopes: [
          { name: 'a', custom_claims: 'account_ids iban' },
          { name: 'b', policy_refresh_token: 'not_allowed' },
          { name: 'c' },
        ],
      });
    } finally {
      await migrated.destroy();
    }
  });
});
