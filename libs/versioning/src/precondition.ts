import { DomainError } from '@app/core';

/** `If-Match`: any current revision ('*'), or one of these. */
export type Precondition = '*' | number[];

export function checkPrecondition(precondition: Precondition, revision: number): void {
  if (precondition === '*' || precondition.includes(revision)) return;
  throw new DomainError(
    'PRECONDITION_FAILED',
    'If-Match does not match the current ETag; read the resource again and retry.',
  );
}
