import type { ApiQueryOptions } from '@nestjs/swagger';

/** nevisMeta's name for "deleted entities too". */
export const INCLUDE_DELETED = 'includeSoftDeletedStates';

export const INCLUDE_DELETED_QUERY: ApiQueryOptions = {
  name: INCLUDE_DELETED,
  required: false,
  type: Boolean,
  description:
    'true: deleted entities (and their snapshots) too, until the retention (SOFT_DELETE_RETENTION_DAYS) purges them. Default false.',
};
