import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';

const id = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '32',
  isNullable: nullable,
});
const instant = (name: string): TableColumnOptions => ({ name, type: 'bigint' });

/** The scope names of a snapshot as rows; `name` is indexed so that a scope leads to its users. */
function scopeTable(table: string): Table {
  return new Table({
    name: `${table}_snapshot_scope`,
    columns: [
      { ...id('snapshot_id'), isPrimary: true },
      { name: 'name', type: 'varchar', length: '255', isPrimary: true },
    ],
    foreignKeys: [
      {
        name: `fk_${table}_snapshot_scope_snapshot`,
        columnNames: ['snapshot_id'],
        referencedTableName: `${table}_snapshot`,
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      },
    ],
    indices: [{ name: `ix_${table}_snapshot_scope_name`, columnNames: ['name'] }],
  });
}

/**
 * Resource servers, versioned like setups and clients (the same table shapes as the snapshot
 * timelines migration left them), and the scope names of resource-server and client snapshots as
 * rows, backfilled for the client snapshots that exist.
 */
export class ResourceServers1764180000000 implements MigrationInterface {
  name = 'ResourceServers1764180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'resource_server',
        columns: [
          { ...id('id'), isPrimary: true },
          id('setup_id'),
          id('active_snapshot_id', true),
          { name: 'revision', type: 'integer' },
          instant('created_at'),
        ],
        foreignKeys: [
          {
            name: 'fk_resource_server_setup',
            columnNames: ['setup_id'],
            referencedTableName: 'setup',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [{ name: 'ix_resource_server_setup_id', columnNames: ['setup_id', 'id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'resource_server_snapshot',
        columns: [
          { ...id('id'), isPrimary: true },
          id('resource_server_id'),
          instant('valid_from'),
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'name', type: 'varchar', length: '255', isNullable: true },
          { name: 'owner', type: 'varchar', length: '255', isNullable: true },
          { name: 'content', type: 'text' },
          instant('created_at'),
        ],
        foreignKeys: [
          {
            name: 'fk_resource_server_snapshot_resource_server',
            columnNames: ['resource_server_id'],
            referencedTableName: 'resource_server',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          {
            name: 'uq_resource_server_snapshot_resource_server_valid_from',
            columnNames: ['resource_server_id', 'valid_from'],
            isUnique: true,
          },
          {
            name: 'ix_resource_server_snapshot_scheduled_valid_from',
            columnNames: ['valid_from'],
            where: "state = 'scheduled'",
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'resource_server_snapshot_metadata',
        columns: [
          { ...id('snapshot_id'), isPrimary: true },
          { name: 'position', type: 'integer', isPrimary: true },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'value', type: 'varchar', length: '4096', isNullable: true },
          { name: 'locale', type: 'varchar', length: '35', isNullable: true },
        ],
        foreignKeys: [
          {
            name: 'fk_resource_server_snapshot_metadata_snapshot',
            columnNames: ['snapshot_id'],
            referencedTableName: 'resource_server_snapshot',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [{ name: 'ix_resource_server_snapshot_metadata_name_value', columnNames: ['name', 'value'] }],
      }),
    );
    await queryRunner.createTable(scopeTable('resource_server'));
    await queryRunner.createTable(scopeTable('client'));
    if (queryRunner.connection.options.type === 'postgres')
      await queryRunner.query('ALTER TABLE resource_server SET (fillfactor = 80)');

    // Backfill: the scopes of every client snapshot already stored, a page at a time.
    for (let after = ''; ;) {
      const page: Array<{ id: string; content: string }> = await queryRunner.query(
        `SELECT id, content FROM client_snapshot WHERE id > ${queryRunner.connection.options.type === 'postgres' ? '$1' : '?'} ORDER BY id LIMIT 500`,
        [after],
      );
      if (!page.length) break;
      for (const row of page) {
        const scopes = (JSON.parse(row.content) as { scopes?: unknown }).scopes;
        const names = Array.isArray(scopes)
          ? [...new Set(scopes.filter((s): s is string => typeof s === 'string'))]
          : [];
        for (const name of names) {
          await queryRunner.manager
            .createQueryBuilder()
            .insert()
            .into('client_snapshot_scope')
            .values({ snapshot_id: row.id, name })
            .execute();
        }
      }
      after = page[page.length - 1].id;
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('client_snapshot_scope');
    await queryRunner.dropTable('resource_server_snapshot_scope');
    await queryRunner.dropTable('resource_server_snapshot_metadata');
    await queryRunner.dropTable('resource_server_snapshot');
    await queryRunner.dropTable('resource_server');
  }
}
