import { DomainEvent } from '@app/core';
import type { PersistedConsentEntity } from '../persisted-consent.entity';

/** What every consent event says about the consent: whose, for which client, which scopes. */
abstract class ConsentEvent extends DomainEvent {
  readonly entityType = 'persisted_consent';
  readonly user: string;
  readonly clientId: string;
  readonly oauthClientId: string;
  readonly scopes: string[];

  constructor(consent: PersistedConsentEntity, actor: string, occurredAt: Date) {
    super(consent.setupId, consent.id, null, null, actor, occurredAt);
    this.user = consent.subject;
    this.clientId = consent.clientId;
    this.oauthClientId = consent.oauthClientId;
    this.scopes = [...consent.scopes];
  }

  override details(): Record<string, string | number | boolean | null> {
    return { user: this.user, entity_id: this.clientId, client_id: this.oauthClientId, scopes: this.scopes.join(' ') };
  }
}

/** The authorization server recorded (or recorded again, replacing) a user's consent. */
export class ConsentGrantedEvent extends ConsentEvent {
  readonly action = 'consent.granted';
  readonly expiration: Date | null;

  constructor(consent: PersistedConsentEntity, actor: string, occurredAt: Date) {
    super(consent, actor, occurredAt);
    this.expiration = consent.expiration;
  }

  override details() {
    return { ...super.details(), expiration: this.expiration?.toISOString() ?? null };
  }
}

/**
 * A consent is gone: revoked by a caller, by the deletion of its client or setup, because the client or
 * its resource servers no longer offer any of its scopes, or because it expired (`reason`).
 */
export class ConsentRevokedEvent extends ConsentEvent {
  readonly action = 'consent.revoked';

  constructor(
    consent: PersistedConsentEntity,
    actor: string,
    occurredAt: Date,
    readonly reason: 'revoked' | 'client-deleted' | 'setup-deleted' | 'no-scope-left' | 'expired',
  ) {
    super(consent, actor, occurredAt);
  }

  override details() {
    return { ...super.details(), reason: this.reason };
  }
}

/** The client or its resource servers stopped offering some of a consent's scopes; `scopes` is what is left. */
export class ConsentScopesReducedEvent extends ConsentEvent {
  readonly action = 'consent.scopes-reduced';

  constructor(
    consent: PersistedConsentEntity,
    actor: string,
    occurredAt: Date,
    readonly removedScopes: string[],
  ) {
    super(consent, actor, occurredAt);
  }

  override details() {
    return { ...super.details(), removed_scopes: this.removedScopes.join(' ') };
  }
}
