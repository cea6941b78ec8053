import { Query } from '@nestjs/cqrs';
import type { ConsentView, ConsentViewer } from '../../consent-view';

export interface ConsentFilter {
  /** The client's internal id (nevisMeta's `client-entity-id`). */
  clientId?: string;
  user?: string;
}

/** GET .../setups/:setupId/consents: one page (0-based) of the unexpired consents, and how many match in all. */
export class ListConsentsQuery extends Query<{ consents: ConsentView[]; total: number }> {
  constructor(
    readonly setupId: string,
    readonly filter: ConsentFilter,
    readonly page: { page: number; size: number },
    readonly viewer: ConsentViewer,
  ) {
    super();
  }
}
