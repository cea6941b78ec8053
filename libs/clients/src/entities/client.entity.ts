import { Column, Entity } from 'typeorm';
import { VersionedEntityBase } from '@app/versioning';

@Entity('client')
export class ClientEntity extends VersionedEntityBase {
  @Column({ name: 'setup_id', type: 'varchar', length: 32 })
  setupId: string;

  /** The OAuth client_id the authorization server sees; unique within the setup, fixed at creation. */
  @Column({ name: 'oauth_client_id', type: 'varchar', length: 255 })
  oauthClientId: string;
}
