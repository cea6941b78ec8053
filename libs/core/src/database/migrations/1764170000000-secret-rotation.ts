import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** The secret a rotation replaced stays valid until its grace period ends; the client row records it. */
export class SecretRotation1764170000000 implements MigrationInterface {
  name = 'SecretRotation1764170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('client', [
      new TableColumn({ name: 'previous_secret_enc', type: 'text', isNullable: true }),
      new TableColumn({ name: 'previous_secret_expires_at', type: 'bigint', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('client', 'previous_secret_expires_at');
    await queryRunner.dropColumn('client', 'previous_secret_enc');
  }
}
