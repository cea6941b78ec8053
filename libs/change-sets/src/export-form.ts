import type { ClientView } from '@app/clients';
import type { ResourceServerView } from '@app/resource-servers';
import type { SetupView } from '@app/setups';
import { canonical } from '@app/core';

/** How a document marks a client whose current secret stays as it is (secrets are never exported). */
export const KEEP_SECRET = { keep: true } as const;

export type Body = Record<string, unknown>;

/** A setup snapshot as a document holds it: its definition, without ids, state or instant. */
export function setupBody(view: SetupView): Body {
  const { setupId: _id, snapshotId: _snapshot, valid_from: _from, state: _state, ...definition } = view;
  return canonical(definition);
}

/** A resource server as a document holds it; the scope policies it inherits from the setup stay inherited. */
export function resourceServerBody(view: ResourceServerView): Body {
  const { resourceServerId: _id, snapshotId: _snapshot, valid_from: _from, state: _state, scopes, ...rest } = view;
  return canonical({
    ...rest,
    scopes: scopes.map(({ inherited, ...scope }) =>
      Object.fromEntries(Object.entries(scope).filter(([field]) => !(inherited as string[]).includes(field))),
    ),
  });
}

/**
 * A client as a document holds it: what it sets itself (inherited values stay inherited), and
 * `client_secret: {keep: true}` in place of a secret.
 */
export function clientBody(view: ClientView): Body {
  const {
    clientId: _id,
    snapshotId: _snapshot,
    valid_from: _from,
    state: _state,
    client_secret_set: secretSet,
    inherited,
    previous_client_secret_valid_until: _previous,
    ...rest
  } = view;
  const own = Object.fromEntries(Object.entries(rest).filter(([field]) => !(inherited as string[]).includes(field)));
  return canonical({ ...own, ...(secretSet ? { client_secret: KEEP_SECRET } : {}) });
}
