import { Query } from '@nestjs/cqrs';

export interface MetadataFilter {
  name: string;
  value: string;
}

export interface SetupFilter {
  name?: string;
  owner?: string;
  metadata?: MetadataFilter[];
  /** An instant, or 'any' for setups with a snapshot at any time (scheduled ones included). Default: now. */
  validAt?: Date | 'any';
  /** nevisMeta's includeSoftDeletedStates: deleted setups too. */
  includeDeleted?: boolean;
}

export class ListSetupsQuery extends Query<{ setupIds: string[] }> {
  constructor(readonly filter: SetupFilter) {
    super();
  }
}
