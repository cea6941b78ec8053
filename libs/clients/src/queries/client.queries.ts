import { Query } from '@nestjs/cqrs';
import type { ClientRead } from '../client-view';

export interface ClientFilter {
  name?: string;
  owner?: string;
  /** The OAuth client_id. */
  clientId?: string;
  metadata?: Array<{ name: string; value: string }>;
  /** An instant, or 'any' (scheduled clients included). Default: now. */
  validAt?: Date | 'any';
}

export interface Page {
  limit: number;
  /** The last internal client id of the previous page (keyset paging). */
  after?: string;
}

export class GetClientQuery extends Query<ClientRead> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
  ) {
    super();
  }
}

export class ListClientsQuery extends Query<{ clientIds: string[]; nextAfter: string | null }> {
  constructor(
    readonly setupId: string,
    readonly filter: ClientFilter,
    readonly page: Page,
  ) {
    super();
  }
}

/** Internal id → name of every client in force now. */
export class ClientNamesQuery extends Query<{ clientNames: Record<string, string | null> }> {
  constructor(readonly setupId: string) {
    super();
  }
}

/** Translates an OAuth client_id into the internal id. */
export class ClientByOauthIdQuery extends Query<{ clientId: string }> {
  constructor(
    readonly setupId: string,
    readonly oauthClientId: string,
  ) {
    super();
  }
}

export class ListClientSnapshotsQuery extends Query<{ snapshotIds: string[] }> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
    readonly validAt?: Date,
  ) {
    super();
  }
}

export class GetClientSnapshotQuery extends Query<ClientRead> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
    readonly snapshotId: string,
  ) {
    super();
  }
}
