import type { ClientDefinition } from './client-definition';
import { snapshotContent } from './client-content';
import { resolveAuth } from './rules/client-rules';

/**
 * What a create or edit of this definition stores as the snapshot's content (auth method fixed, keys
 * normalised, documented defaults), so that a caller can tell whether an edit would change anything.
 */
export function storedClientContent(definition: ClientDefinition, oauthClientId: string): ClientDefinition {
  return snapshotContent(definition, oauthClientId, resolveAuth(definition));
}
