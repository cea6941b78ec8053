import { Query } from '@nestjs/cqrs';
import type { Body } from '../../export-form';

/** The document of a setup in force at an instant. */
export interface SetupDocument {
  setup: Body;
  resource_servers: Body[];
  clients: Body[];
}

export class ExportSetupQuery extends Query<SetupDocument> {
  constructor(
    readonly setupId: string,
    /** Default: now. */
    readonly validAt?: Date,
  ) {
    super();
  }
}
