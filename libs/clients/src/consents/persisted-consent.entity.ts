import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs, jsonText } from '@app/core';

/**
 * What a user consented to for a client of a setup, as the authorization server recorded it (one per
 * user and client; a new record replaces the old one). Not versioned: it follows the client's timeline
 * instead (scopes the client or its resource servers stop offering are taken away when that happens).
 */
@Entity('persisted_consent')
export class PersistedConsentEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ name: 'setup_id', type: 'varchar', length: 32 })
  setupId: string;

  /** The client's internal id (nevisMeta's `entity_id`). */
  @Column({ name: 'client_id', type: 'varchar', length: 32 })
  clientId: string;

  /** The OAuth client_id, kept for reads (fixed for the life of the client). */
  @Column({ name: 'oauth_client_id', type: 'varchar', length: 255 })
  oauthClientId: string;

  /** The user (the subject the authorization server authenticated). */
  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ type: 'text', transformer: jsonText })
  scopes: string[];

  @Column({ name: 'issue_date', type: 'bigint', transformer: epochMs })
  issueDate: Date;

  /** Null: the client's effective persisted_consent_ttl was not set; the consent lasts until revoked. */
  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  expiration: Date | null;
}
