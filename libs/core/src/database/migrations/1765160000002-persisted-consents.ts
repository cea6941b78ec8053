import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * Persisted consents (API.md §3): one row per user and client.
 * - Unique (client_id, subject): recording a consent again replaces it.
 * - (setup_id, subject) serves the listing filtered by user; (client_id, subject) the one by client.
 * - The scheduler purges expired consents through a partial index on the expiration.
 * - Erasing a client or setup (retention purge) erases its consents with it.
 */
export class PersistedConsents1765160000002 implements MigrationInterface {
  name = 'PersistedConsents1765160000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'persisted_consent',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'setup_id', type: 'varchar', length: '32' },
          { name: 'client_id', type: 'varchar', length: '32' },
          { name: 'oauth_client_id', type: 'varchar', length: '255' },
          { name: 'subject', type: 'varchar', length: '255' },
          { name: 'scopes', type: 'text' },
          { name: 'issue_date', type: 'bigint' },
          { name: 'expiration', type: 'bigint', isNullable: true },
        ],
        foreignKeys: [
          {
            name: 'fk_persisted_consent_setup',
            columnNames: ['setup_id'],
            referencedTableName: 'setup',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'fk_persisted_consent_client',
            columnNames: ['client_id'],
            referencedTableName: 'client',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          { name: 'uq_persisted_consent_client_subject', columnNames: ['client_id', 'subject'], isUnique: true },
          { name: 'ix_persisted_consent_setup_subject', columnNames: ['setup_id', 'subject'] },
          { name: 'ix_persisted_consent_expiration', columnNames: ['expiration'], where: 'expiration IS NOT NULL' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('persisted_consent');
  }
}
