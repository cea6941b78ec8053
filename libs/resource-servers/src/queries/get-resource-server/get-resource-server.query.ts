import { Query } from '@nestjs/cqrs';
import type { ResourceServerRead } from '../../resource-server-view';

/** GET .../resource-servers/:id: the snapshot in force now. */
export class GetResourceServerQuery extends Query<ResourceServerRead> {
  constructor(
    readonly setupId: string,
    readonly resourceServerId: string,
  ) {
    super();
  }
}
