import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

const KINDS = ['setup', 'client', 'resource_server'] as const;

/**
 * Soft-deleted states (API.md §2): a deleted setup, client or resource server keeps its row and its
 * snapshots, with when and by whom it was deleted, until the retention purges it.
 * - The OAuth client_id of a deleted client is free at once: its unique index covers live rows only.
 * - The purge finds deleted rows through a partial index that holds only them.
 */
export class SoftDeletedStates1765160000001 implements MigrationInterface {
  name = 'SoftDeletedStates1765160000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of KINDS) {
      await queryRunner.addColumns(table, [
        new TableColumn({ name: 'deleted_at', type: 'bigint', isNullable: true }),
        new TableColumn({ name: 'deleted_by', type: 'varchar', length: '255', isNullable: true }),
      ]);
      await queryRunner.createIndex(
        table,
        new TableIndex({
          name: `ix_${table}_deleted_at`,
          columnNames: ['deleted_at'],
          where: 'deleted_at IS NOT NULL',
        }),
      );
    }
    await queryRunner.dropIndex('client', 'uq_client_setup_oauth_client_id');
    await queryRunner.createIndex(
      'client',
      new TableIndex({
        name: 'uq_client_setup_oauth_client_id',
        columnNames: ['setup_id', 'oauth_client_id'],
        isUnique: true,
        where: 'deleted_at IS NULL',
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of KINDS) await queryRunner.query(`DELETE FROM ${table} WHERE deleted_at IS NOT NULL`);
    await queryRunner.dropIndex('client', 'uq_client_setup_oauth_client_id');
    await queryRunner.createIndex(
      'client',
      new TableIndex({
        name: 'uq_client_setup_oauth_client_id',
        columnNames: ['setup_id', 'oauth_client_id'],
        isUnique: true,
      }),
    );
    for (const table of KINDS) {
      await queryRunner.dropIndex(table, `ix_${table}_deleted_at`);
      await queryRunner.dropColumn(table, 'deleted_by');
      await queryRunner.dropColumn(table, 'deleted_at');
    }
  }
}
