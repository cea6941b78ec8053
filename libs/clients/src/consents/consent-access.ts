import { DomainError } from '@app/core';
import type { ConsentViewer } from './consent-view';

/** A user sees and revokes only its own consents; asking for someone else's is refused, not silently narrowed. */
export function assertMaySee(viewer: ConsentViewer, user: string | undefined): void {
  if (viewer.all || user === undefined || user === viewer.subject) return;
  throw new DomainError('FORBIDDEN', `"${viewer.subject}" may only see and revoke its own consents.`);
}
