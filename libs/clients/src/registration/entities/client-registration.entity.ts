import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '@app/core';

/** How a client came in through RFC 7591: by an API principal, with an initial access token, or openly. */
export type RegistrationVia = 'api' | 'initial_access_token' | 'anyone';

/** The RFC 7592 registration access token of a client (its SHA-256 only); goes with the client. */
@Entity('client_registration')
export class ClientRegistrationEntity {
  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 32 })
  clientId: string;

  @Column({ name: 'setup_id', type: 'varchar', length: 32 })
  setupId: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'via', type: 'varchar', length: 32 })
  via: RegistrationVia;

  @Column({ name: 'initial_access_token_id', type: 'varchar', length: 32, nullable: true })
  initialAccessTokenId: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: Date;
}
