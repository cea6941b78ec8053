import type { PersistedConsentEntity } from './persisted-consent.entity';

/** A persisted consent in nevisMeta's shape. */
export interface ConsentView {
  user: string;
  issue_date: string;
  /** Null: it lasts until revoked (no persisted_consent_ttl in effect when it was recorded). */
  expiration: string | null;
  /** The OAuth client_id. */
  client_id: string;
  /** The client's internal id. */
  entity_id: string;
  scopes: string[];
}

export function toConsentView(consent: PersistedConsentEntity): ConsentView {
  return {
    user: consent.subject,
    issue_date: consent.issueDate.toISOString(),
    expiration: consent.expiration?.toISOString() ?? null,
    client_id: consent.oauthClientId,
    entity_id: consent.clientId,
    scopes: [...consent.scopes],
  };
}

/** Who reads or revokes consents: a user only its own; an administrator (or the authorization server) anyone's. */
export interface ConsentViewer {
  subject: string;
  /** May see and act on every user's consents. */
  all: boolean;
}
