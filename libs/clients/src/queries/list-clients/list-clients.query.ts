import { Query } from '@nestjs/cqrs';

export interface Page {
  limit: number;
  /** The last internal client id of the previous page (keyset paging). */
  after?: string;
}

export interface ClientFilter {
  name?: string;
  owner?: string;
  /** The OAuth client_id. */
  clientId?: string;
  metadata?: Array<{ name: string; value: string }>;
  /** An instant, or 'any' (scheduled clients included). Default: now. */
  validAt?: Date | 'any';
  /** nevisMeta's includeSoftDeletedStates: deleted clients too (and those of a deleted setup). */
  includeDeleted?: boolean;
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
