import type { SnapshotState } from '@app/core';
import type { ClientDefinition } from './client-definition';
import type { ClientSnapshotEntity } from './entities/client-snapshot.entity';

/** A client snapshot as the API shows it: never the secret, only whether one is set. */
export type ClientView = ClientDefinition & {
  clientId: string;
  snapshotId: string;
  state?: SnapshotState;
  valid_from: string;
  client_secret_set: boolean;
  /** After a rotation, until when the replaced secret is still accepted. */
  previous_client_secret_valid_until?: string;
};

export interface ClientRead {
  view: ClientView;
  revision: number;
}

export function toClientView(snapshot: ClientSnapshotEntity, state?: SnapshotState, previousSecretValidUntil?: Date | null): ClientView {
  return {
    clientId: snapshot.ownerId,
    snapshotId: snapshot.id,
    ...(state ? { state } : {}),
    ...snapshot.content,
    valid_from: snapshot.validFrom.toISOString(),
    client_secret_set: snapshot.secretEnc !== null,
    ...(previousSecretValidUntil ? { previous_client_secret_valid_until: previousSecretValidUntil.toISOString() } : {}),
  };
}
