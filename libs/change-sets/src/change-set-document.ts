import type { ClientDefinition } from '@app/clients';
import type { FieldError } from '@app/core';
import type { ResourceServerDefinition } from '@app/resource-servers';
import type { SetupDefinition } from '@app/setups';
import type { PatchOperation } from '@app/core';

/** An entity of a document, with the JSON pointer of its body in the document (for errors). */
export interface DocumentEntry<D> {
  pointer: string;
  definition: D;
}

export interface ClientEntry extends DocumentEntry<ClientDefinition> {
  /** A secret to set; absent (or `{keep: true}` in the document): the client keeps the one it has. */
  secret?: string;
}

/**
 * A declarative document for one setup (API.md §3, configuration as code), its entities already
 * checked field by field. Clients are keyed by client_id, resource servers by name.
 */
export interface ChangeSetDocument {
  /** The document as sent: what the plan hash covers. */
  raw: unknown;
  /** The JSON pointer of the document in the request body ('' for plan, '/document' for apply). */
  root: string;
  /** Absent when the setup body itself was invalid (its errors are in `errors`). */
  setup?: DocumentEntry<SetupDefinition>;
  resourceServers: Array<DocumentEntry<ResourceServerDefinition>>;
  clients: ClientEntry[];
  /** Delete the resource servers and clients that the document does not name. */
  prune: boolean;
  /** What the field checks found already; the plan adds the domain rules' findings to them. */
  errors: FieldError[];
}

export type EntityKind = 'setup' | 'resource_server' | 'client';

export interface PlannedChange {
  action: 'create' | 'update' | 'delete';
  kind: EntityKind;
  /** client_id for clients, the name for resource servers and the setup. */
  key: string;
  /** RFC 6902 operations from the current body to the document's (secrets masked); empty for a delete. */
  patch: PatchOperation[];
}

export interface ChangeSetOutcome {
  changes: PlannedChange[];
  plan_hash: string;
  /** The instant every new snapshot takes effect at. */
  valid_from: string;
  /** Apply only: secrets the server generated for new clients, by client_id, shown this once. */
  client_secrets?: Record<string, string>;
}
