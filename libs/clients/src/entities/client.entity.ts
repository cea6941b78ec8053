import { Column, Entity } from 'typeorm';
import { epochMs } from '@app/core';
import { VersionedEntityBase } from '@app/versioning';

@Entity('client')
export class ClientEntity extends VersionedEntityBase {
  @Column({ name: 'setup_id', type: 'varchar', length: 32 })
  setupId: string;

  /** The OAuth client_id the authorization server sees; unique within the setup, fixed at creation. */
  @Column({ name: 'oauth_client_id', type: 'varchar', length: 255 })
  oauthClientId: string;

  /** After a rotation: the replaced secret (sealed like the current one), valid until the grace period ends. */
  @Column({ name: 'previous_secret_enc', type: 'text', nullable: true })
  previousSecretEnc: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'bigint', nullable: true, transformer: epochMs })
  previousSecretExpiresAt: Date | null;
}
