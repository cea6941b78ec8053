import { Injectable } from '@nestjs/common';
import { SetupTimeline } from '@app/setups';
import { type LoadOptions, SnapshotTimeline } from '@app/versioning';
import type { EntityManager } from 'typeorm';
import { clientNotFound } from './client.errors';
import type { ClientDefinition } from './client-definition';
import { ClientEntity } from './entities/client.entity';
import {
  ClientSnapshotEntity,
  ClientSnapshotMetadataEntity,
  ClientSnapshotScopeEntity,
} from './entities/client-snapshot.entity';

/** The snapshot timeline of clients: where client rows and snapshots are read and written. */
@Injectable()
export class ClientTimeline extends SnapshotTimeline<ClientEntity, ClientSnapshotEntity, ClientDefinition> {
  constructor(private readonly setups: SetupTimeline) {
    super({
      label: 'client',
      entity: ClientEntity,
      snapshot: ClientSnapshotEntity,
      metadata: ClientSnapshotMetadataEntity,
      scopes: ClientSnapshotScopeEntity,
      ownerColumn: 'client_id',
      notFound: clientNotFound,
      describe: (content) => content,
      parentProperty: 'setupId',
    });
  }

  /**
   * A client of the given setup. A client id of another setup is unknown here; under a setup that
   * does not exist the answer is SETUP_NOT_FOUND.
   */
  async loadInSetup(
    em: EntityManager,
    setupId: string,
    clientId: string,
    options: LoadOptions = {},
  ): Promise<ClientEntity> {
    return this.loadOwnedBy(em, setupId, clientId, () => this.setups.load(em, setupId), options);
  }

  /** Points every scheduled snapshot still carrying `from` at the secret `to` instead. */
  async replaceScheduledSecret(em: EntityManager, clientId: string, from: string, to: string): Promise<void> {
    await this.snapshots(em).update({ ownerId: clientId, state: 'scheduled', secretEnc: from }, { secretEnc: to });
  }
}
