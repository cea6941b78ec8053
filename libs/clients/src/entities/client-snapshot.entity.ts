import { Column, Entity } from 'typeorm';
import { SnapshotEntityBase, SnapshotMetadataBase, SnapshotScopeBase } from '@app/versioning';
import type { ClientDefinition } from '../client-definition';

@Entity('client_snapshot')
export class ClientSnapshotEntity extends SnapshotEntityBase<ClientDefinition> {
  /** The client's internal id. */
  @Column({ name: 'client_id', type: 'varchar', length: 32 })
  ownerId: string;

  /**
   * AES-256-GCM sealed secret (see SecretCipher), bound to the client id; null for secretless methods.
   * Per snapshot, so that a scheduled change of secret takes effect at its valid_from.
   */
  @Column({ name: 'secret_enc', type: 'text', nullable: true })
  secretEnc: string | null;
}

@Entity('client_snapshot_metadata')
export class ClientSnapshotMetadataEntity extends SnapshotMetadataBase {}

/** The scopes a client snapshot asks for, so that a resource server change finds the clients it affects. */
@Entity('client_snapshot_scope')
export class ClientSnapshotScopeEntity extends SnapshotScopeBase {}
