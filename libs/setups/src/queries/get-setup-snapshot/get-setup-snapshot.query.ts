import { Query } from '@nestjs/cqrs';
import type { SetupRead } from '../../setup-view';

export class GetSetupSnapshotQuery extends Query<SetupRead> {
  constructor(
    readonly setupId: string,
    readonly snapshotId: string,
  ) {
    super();
  }
}
