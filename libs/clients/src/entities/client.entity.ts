import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '@app/core';

@Entity('client')
export class ClientEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ name: 'setup_id', type: 'varchar', length: 32 })
  setupId: string;

  /** The OAuth client_id the authorization server sees; unique within the setup. */
  @Column({ name: 'oauth_client_id', type: 'varchar', length: 255 })
  oauthClientId: string;

  /** AES-256-GCM sealed secret (see SecretCipher), bound to the client id; null for secretless methods. */
  @Column({ name: 'secret_enc', type: 'text', nullable: true })
  secretEnc: string | null;

  @Column({ name: 'active_snapshot_id', type: 'varchar', length: 32, nullable: true })
  activeSnapshotId: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: Date;
}
