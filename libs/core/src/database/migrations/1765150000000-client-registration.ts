import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * RFC 7591 / RFC 7592 registration state:
 * - `client_registration`: the SHA-256 of a client's registration access token (never the token), and
 *   how the client was registered (by an API principal, with an initial access token, or openly);
 *   it goes with its client.
 * - `initial_access_token`: tokens an administrator issued for a setup (hash only), with an expiry and
 *   a maximum number of uses that `uses` counts up to with one conditional UPDATE per registration.
 */
export class ClientRegistration1765150000000 implements MigrationInterface {
  name = 'ClientRegistration1765150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'initial_access_token',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'setup_id', type: 'varchar', length: '32' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'max_uses', type: 'integer' },
          { name: 'uses', type: 'integer', default: 0 },
          { name: 'description', type: 'varchar', length: '255', isNullable: true },
          { name: 'created_by', type: 'varchar', length: '255' },
          { name: 'created_at', type: 'bigint' },
        ],
        uniques: [{ name: 'uq_initial_access_token_hash', columnNames: ['token_hash'] }],
        indices: [{ name: 'ix_initial_access_token_setup', columnNames: ['setup_id'] }],
        foreignKeys: [
          {
            name: 'fk_initial_access_token_setup',
            columnNames: ['setup_id'],
            referencedTableName: 'setup',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'client_registration',
        columns: [
          { name: 'client_id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'setup_id', type: 'varchar', length: '32' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'via', type: 'varchar', length: '32' },
          { name: 'initial_access_token_id', type: 'varchar', length: '32', isNullable: true },
          { name: 'created_at', type: 'bigint' },
        ],
        uniques: [{ name: 'uq_client_registration_token_hash', columnNames: ['token_hash'] }],
        foreignKeys: [
          {
            name: 'fk_client_registration_client',
            columnNames: ['client_id'],
            referencedTableName: 'client',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('client_registration');
    await queryRunner.dropTable('initial_access_token');
  }
}
