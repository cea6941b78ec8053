import type { SnapshotState } from '@app/versioning';
import type { ClientDefaults } from '@app/setups';
import { inheritedFields, type InheritableField } from './client-defaults';
import type { ClientDefinition } from './client-definition';
import type { ClientSnapshotEntity } from './entities/client-snapshot.entity';

/** A client snapshot as the API shows it: never the secret, only whether one is set. */
export type ClientView = ClientDefinition & {
  clientId: string;
  snapshotId: string;
  state?: SnapshotState;
  valid_from: string;
  client_secret_set: boolean;
  /** The fields the client leaves out, shown with the value it inherits from its setup (or the built-in default). */
  inherited: InheritableField[];
  /** After a rotation, until when the replaced secret is still accepted. */
  previous_client_secret_valid_until?: string;
};

export interface ClientRead {
  view: ClientView;
  revision: number;
}

export function toClientView(
  snapshot: ClientSnapshotEntity,
  defaults: ClientDefaults | undefined,
  state?: SnapshotState,
  previousSecretValidUntil?: Date | null,
): ClientView {
  const inherited = inheritedFields(snapshot.content, defaults);
  return {
    clientId: snapshot.ownerId,
    snapshotId: snapshot.id,
    ...(state ? { state } : {}),
    ...snapshot.content,
    ...inherited.values,
    inherited: inherited.names,
    valid_from: snapshot.validFrom.toISOString(),
    client_secret_set: snapshot.secretEnc !== null,
    ...(previousSecretValidUntil ? { previous_client_secret_valid_until: previousSecretValidUntil.toISOString() } : {}),
  };
}
