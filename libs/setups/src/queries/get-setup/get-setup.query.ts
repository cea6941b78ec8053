import { Query } from '@nestjs/cqrs';
import type { SetupRead } from '../../setup-view';

/** GET .../setups/:setupId: the snapshot in force now. */
export class GetSetupQuery extends Query<SetupRead> {
  constructor(readonly setupId: string) {
    super();
  }
}
