import { Query } from '@nestjs/cqrs';
import type { SetupView } from '../setup-view';

export class GetSetupQuery extends Query<SetupView> {
  constructor(
    readonly setupId: string,
    readonly at?: Date,
  ) {
    super();
  }
}
