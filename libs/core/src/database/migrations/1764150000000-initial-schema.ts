import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';

const id = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '32',
  isNullable: nullable,
});
const instant = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'bigint',
  isNullable: nullable,
});

/** Columns shared by every snapshot table: one immutable, dated, complete copy of an entity. */
function snapshotTable(table: string, owner: string): Table {
  return new Table({
    name: `${table}_snapshot`,
    columns: [
      { ...id('id'), isPrimary: true },
      id(`${owner}_id`),
      instant('valid_from'),
      { name: 'state', type: 'varchar', length: '16' },
      { name: 'name', type: 'varchar', length: '255', isNullable: true },
      { name: 'owner', type: 'varchar', length: '255', isNullable: true },
      { name: 'content', type: 'text' },
      instant('created_at'),
    ],
    foreignKeys: [
      {
        name: `fk_${table}_snapshot_${owner}`,
        columnNames: [`${owner}_id`],
        referencedTableName: table,
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      },
    ],
    indices: [
      { name: `ix_${table}_snapshot_${owner}_valid_from`, columnNames: [`${owner}_id`, 'valid_from'] },
      // The activation scheduler scans scheduled snapshots by due time.
      { name: `ix_${table}_snapshot_state_valid_from`, columnNames: ['state', 'valid_from'] },
    ],
  });
}

export class InitialSchema1764150000000 implements MigrationInterface {
  name = 'InitialSchema1764150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'setup',
        columns: [{ ...id('id'), isPrimary: true }, id('active_snapshot_id', true), instant('created_at')],
      }),
    );
    await queryRunner.createTable(snapshotTable('setup', 'setup'));

    await queryRunner.createTable(
      new Table({
        name: 'client',
        columns: [
          { ...id('id'), isPrimary: true },
          id('setup_id'),
          { name: 'oauth_client_id', type: 'varchar', length: '255' },
          { name: 'secret_enc', type: 'text', isNullable: true },
          id('active_snapshot_id', true),
          instant('created_at'),
        ],
        foreignKeys: [
          {
            name: 'fk_client_setup',
            columnNames: ['setup_id'],
            referencedTableName: 'setup',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          // The OAuth client_id is unique within a setup; the index, not a read-then-write check,
          // is what holds under concurrent creates.
          { name: 'uq_client_setup_oauth_client_id', columnNames: ['setup_id', 'oauth_client_id'], isUnique: true },
          { name: 'ix_client_setup_id', columnNames: ['setup_id', 'id'] },
        ],
      }),
    );
    await queryRunner.createTable(snapshotTable('client', 'client'));

    await queryRunner.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          { ...id('id'), isPrimary: true },
          id('event_id'),
          instant('occurred_at'),
          { name: 'actor', type: 'varchar', length: '255' },
          { name: 'action', type: 'varchar', length: '64' },
          { name: 'entity_type', type: 'varchar', length: '32' },
          id('entity_id'),
          id('setup_id', true),
          id('snapshot_id', true),
          { name: 'details', type: 'text', isNullable: true },
        ],
        indices: [
          // Event handlers may see an event twice; one entry per event keeps the trail exact.
          { name: 'uq_audit_entry_event_id', columnNames: ['event_id'], isUnique: true },
          { name: 'ix_audit_entry_entity', columnNames: ['entity_id', 'occurred_at'] },
          { name: 'ix_audit_entry_occurred_at', columnNames: ['occurred_at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_entry', 'client_snapshot', 'client', 'setup_snapshot', 'setup']) {
      await queryRunner.dropTable(table);
    }
  }
}
