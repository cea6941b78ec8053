import { type MigrationInterface, type QueryRunner, TableColumn, TableForeignKey, TableIndex, Table } from 'typeorm';

/**
 * What the snapshot timelines need beyond the first schema:
 * - a revision per versioned entity, for ETag / If-Match (compare-and-set on the row);
 * - one snapshot per instant and entity (unique), so "the snapshot in force at t" is never ambiguous;
 * - the metadata items of each snapshot as rows, so `metadata.<name>=<value>` filters use an index;
 * - the client secret per snapshot, so a scheduled change of secret takes effect at its valid_from;
 * - the recorded state is only what the scheduler needs, `scheduled` or `settled` (active and
 *   historical follow from valid_from), and its index covers only scheduled snapshots (partial), so
 *   that activating a snapshot writes one row and no full-table index;
 * - an audit entry is keyed by its event id (one entry per event), one index fewer per entry.
 */
export class SnapshotTimelines1764160000000 implements MigrationInterface {
  name = 'SnapshotTimelines1764160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      // Entity rows are rewritten on every edit and activation (revision, active snapshot), never in an
      // indexed column: free space in each page lets PostgreSQL update them in place (HOT) without
      // touching their indexes.
      await queryRunner.query('ALTER TABLE setup SET (fillfactor = 80)');
      await queryRunner.query('ALTER TABLE client SET (fillfactor = 80)');
    }
    await queryRunner.dropPrimaryKey('audit_entry');
    await queryRunner.dropColumn('audit_entry', 'id');
    await queryRunner.dropIndex('audit_entry', 'uq_audit_entry_event_id');
    await queryRunner.createPrimaryKey('audit_entry', ['event_id'], 'pk_audit_entry');

    await queryRunner.addColumn(
      'client_snapshot',
      new TableColumn({ name: 'secret_enc', type: 'text', isNullable: true }),
    );
    await queryRunner.query(
      'UPDATE client_snapshot SET secret_enc = (SELECT c.secret_enc FROM client c WHERE c.id = client_snapshot.client_id)',
    );
    await queryRunner.dropColumn('client', 'secret_enc');
    for (const [table, owner] of [
      ['setup', 'setup'],
      ['client', 'client'],
    ] as const) {
      await queryRunner.addColumn(table, new TableColumn({ name: 'revision', type: 'integer', default: 1 }));
      await queryRunner.dropIndex(`${table}_snapshot`, `ix_${table}_snapshot_${owner}_valid_from`);
      await queryRunner.createIndex(
        `${table}_snapshot`,
        new TableIndex({
          name: `uq_${table}_snapshot_${owner}_valid_from`,
          columnNames: [`${owner}_id`, 'valid_from'],
          isUnique: true,
        }),
      );
      await queryRunner.query(`UPDATE ${table}_snapshot SET state = 'settled' WHERE state <> 'scheduled'`);
      await queryRunner.dropIndex(`${table}_snapshot`, `ix_${table}_snapshot_state_valid_from`);
      await queryRunner.createIndex(
        `${table}_snapshot`,
        new TableIndex({
          name: `ix_${table}_snapshot_scheduled_valid_from`,
          columnNames: ['valid_from'],
          where: "state = 'scheduled'",
        }),
      );
      await queryRunner.createTable(
        new Table({
          name: `${table}_snapshot_metadata`,
          columns: [
            { name: 'snapshot_id', type: 'varchar', length: '32' },
            { name: 'position', type: 'integer' },
            { name: 'name', type: 'varchar', length: '255' },
            { name: 'value', type: 'varchar', length: '4096', isNullable: true },
            { name: 'locale', type: 'varchar', length: '35', isNullable: true },
          ],
          indices: [{ name: `ix_${table}_snapshot_metadata_name_value`, columnNames: ['name', 'value'] }],
        }),
      );
      await queryRunner.createPrimaryKey(
        `${table}_snapshot_metadata`,
        ['snapshot_id', 'position'],
        `pk_${table}_snapshot_metadata`,
      );
      await queryRunner.createForeignKey(
        `${table}_snapshot_metadata`,
        new TableForeignKey({
          name: `fk_${table}_snapshot_metadata_snapshot`,
          columnNames: ['snapshot_id'],
          referencedTableName: `${table}_snapshot`,
          referencedColumnNames: ['id'],
          onDelete: 'CASCADE',
        }),
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, owner] of [
      ['setup', 'setup'],
      ['client', 'client'],
    ] as const) {
      await queryRunner.dropTable(`${table}_snapshot_metadata`);
      await queryRunner.dropIndex(`${table}_snapshot`, `ix_${table}_snapshot_scheduled_valid_from`);
      await queryRunner.createIndex(
        `${table}_snapshot`,
        new TableIndex({ name: `ix_${table}_snapshot_state_valid_from`, columnNames: ['state', 'valid_from'] }),
      );
      // The first schema recorded active and historical; the latest settled snapshot in force is the active one.
      await queryRunner.query(`UPDATE ${table}_snapshot SET state = 'historical' WHERE state = 'settled'`);
      await queryRunner.query(
        `UPDATE ${table}_snapshot SET state = 'active' WHERE id IN (SELECT active_snapshot_id FROM ${table})`,
      );
      await queryRunner.dropIndex(`${table}_snapshot`, `uq_${table}_snapshot_${owner}_valid_from`);
      await queryRunner.createIndex(
        `${table}_snapshot`,
        new TableIndex({
          name: `ix_${table}_snapshot_${owner}_valid_from`,
          columnNames: [`${owner}_id`, 'valid_from'],
        }),
      );
      await queryRunner.dropColumn(table, 'revision');
    }
    await queryRunner.addColumn('client', new TableColumn({ name: 'secret_enc', type: 'text', isNullable: true }));
    await queryRunner.query(
      'UPDATE client SET secret_enc = (SELECT s.secret_enc FROM client_snapshot s WHERE s.client_id = client.id ORDER BY s.valid_from DESC LIMIT 1)',
    );
    await queryRunner.dropColumn('client_snapshot', 'secret_enc');

    await queryRunner.dropPrimaryKey('audit_entry');
    await queryRunner.createIndex(
      'audit_entry',
      new TableIndex({ name: 'uq_audit_entry_event_id', columnNames: ['event_id'], isUnique: true }),
    );
    await queryRunner.addColumn(
      'audit_entry',
      new TableColumn({ name: 'id', type: 'varchar', length: '32', isNullable: true }),
    );
    await queryRunner.query('UPDATE audit_entry SET id = event_id');
    await queryRunner.createPrimaryKey('audit_entry', ['id']);
  }
}
