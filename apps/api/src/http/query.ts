import { ValidationFailedError } from '@app/core';

/** `validAt`: absent (now), `any`, or an ISO-8601 date-time with an offset. */
export function parseValidAt(raw: unknown): Date | 'any' | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'any') return 'any';
  if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw)) {
    const at = new Date(raw);
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw new ValidationFailedError('INVALID_REQUEST', [
    { path: '/validAt', message: 'validAt must be "any" or an ISO-8601 date-time with an offset, e.g. 2026-12-01T08:00:00Z' },
  ]);
}
