import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { type Precondition, SnapshotTimeline } from '@app/versioning';
import type { EntityManager } from 'typeorm';
import type { ClientDefinition } from './client-definition';
import { ClientEntity } from './entities/client.entity';
import { ClientSnapshotEntity, ClientSnapshotMetadataEntity } from './entities/client-snapshot.entity';

export function clientNotFound(clientId: string): NotFoundError {
  return new NotFoundError('CLIENT_NOT_FOUND', `No client with id "${clientId}" exists in this setup.`);
}

@Injectable()
export class ClientTimeline extends SnapshotTimeline<ClientEntity, ClientSnapshotEntity, ClientDefinition> {
  constructor(private readonly setups: SetupTimeline) {
    super({
      label: 'client',
      entity: ClientEntity,
      snapshot: ClientSnapshotEntity,
      metadata: ClientSnapshotMetadataEntity,
      ownerColumn: 'client_id',
      notFound: clientNotFound,
      describe: (content) => content,
      parentProperty: 'setupId',
    });
  }

  /**
   * The grant types the setup gives its clients by default at `at` (its client_defaults), or undefined.
   * SETUP_NOT_FOUND for an unknown setup.
   */
  async setupGrantDefaults(em: EntityManager, setupId: string, at: Date): Promise<string[] | undefined> {
    await this.setups.load(em, setupId);
    return (await this.setups.inForceAt(em, setupId, at))?.content.client_defaults?.grant_types;
  }

  /**
   * A client of the given setup. A client id of another setup is unknown here; under a setup that
   * does not exist the answer is SETUP_NOT_FOUND.
   */
  async loadInSetup(em: EntityManager, setupId: string, clientId: string, options: { lock?: boolean; precondition?: Precondition } = {}): Promise<ClientEntity> {
    const entity = await this.load(em, clientId, options).catch(async (err: unknown) => {
      await this.setups.load(em, setupId);
      throw err;
    });
    if (entity.setupId !== setupId) {
      await this.setups.load(em, setupId);
      throw clientNotFound(clientId);
    }
    return entity;
  }

}
