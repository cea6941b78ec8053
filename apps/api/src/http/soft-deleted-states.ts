import type { ApiPropertyOptions, ApiQueryOptions } from '@nestjs/swagger';

/** nevisMeta's name for "deleted entities too". */
export const INCLUDE_DELETED = 'includeSoftDeletedStates';

export const INCLUDE_DELETED_QUERY: ApiQueryOptions = {
  name: INCLUDE_DELETED,
  required: false,
  type: Boolean,
  description:
    'true: deleted entities (and their snapshots) too, until the retention (SOFT_DELETE_RETENTION_DAYS) purges them. Default false.',
};

/** A snapshot's `state` in reads; `deleted` for every snapshot of a soft-deleted entity. */
export const SNAPSHOT_STATE: ApiPropertyOptions = {
  enum: ['scheduled', 'active', 'historical', 'deleted'],
  description: 'On snapshot reads and PUT answers; `deleted` on the snapshots of a deleted entity.',
};

export const DELETED_AT: ApiPropertyOptions = {
  format: 'date-time',
  description: 'Snapshot reads of a deleted entity: when it was deleted.',
};

export const DELETED_BY: ApiPropertyOptions = {
  description: 'Snapshot reads of a deleted entity: who deleted it (the token subject).',
};
