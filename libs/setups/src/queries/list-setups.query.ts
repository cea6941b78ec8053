import { Query } from '@nestjs/cqrs';

export interface SetupFilter {
  name?: string;
  owner?: string;
  /** An instant, or 'any' for setups with a snapshot at any time (scheduled ones included). */
  validAt?: Date | 'any';
}

export class ListSetupsQuery extends Query<{ setupIds: string[] }> {
  constructor(readonly filter: SetupFilter) {
    super();
  }
}
