import { createHash } from 'node:crypto';
import { canonical } from '@app/core';
import type { SetupState } from './setup-state.reader';

/**
 * What a plan was computed from: the state of the setup at the plan's instant, the document and the
 * requested valid_from. Apply recomputes it; any difference means the plan no longer describes what
 * apply would do (412).
 */
export function planHash(state: SetupState, document: unknown, validFrom: Date | undefined): string {
  const entities = (list: SetupState['clients']) => list.map(({ id, key, body }) => ({ id, key, body }));
  const basis = canonical({
    state: {
      setup: state.setup.body,
      resource_servers: entities(state.resourceServers),
      clients: entities(state.clients),
    },
    document,
    valid_from: validFrom?.toISOString() ?? null,
  });
  return createHash('sha256').update(JSON.stringify(basis)).digest('base64url');
}
