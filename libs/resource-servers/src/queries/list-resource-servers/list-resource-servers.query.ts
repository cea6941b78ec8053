import { Query } from '@nestjs/cqrs';

export interface ResourceServerFilter {
  name?: string;
  owner?: string;
  metadata?: Array<{ name: string; value: string }>;
  /** An instant, or 'any' for resource servers with a snapshot at any time. Default: now. */
  validAt?: Date | 'any';
  /** nevisMeta's includeSoftDeletedStates: deleted resource servers too (and those of a deleted setup). */
  includeDeleted?: boolean;
}

export class ListResourceServersQuery extends Query<{ resourceServerIds: string[] }> {
  constructor(
    readonly setupId: string,
    readonly filter: ResourceServerFilter,
  ) {
    super();
  }
}
