import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { type LoadOptions, SnapshotTimeline } from '@app/versioning';
import type { EntityManager } from 'typeorm';
import { ResourceServerEntity } from './entities/resource-server.entity';
import {
  ResourceServerSnapshotEntity,
  ResourceServerSnapshotMetadataEntity,
  ResourceServerSnapshotScopeEntity,
} from './entities/resource-server-snapshot.entity';
import type { ResourceServerDefinition } from './resource-server-definition';

export function resourceServerNotFound(resourceServerId: string): NotFoundError {
  return new NotFoundError(
    'RESOURCE_SERVER_NOT_FOUND',
    `No resource server with id "${resourceServerId}" exists in this setup.`,
  );
}

@Injectable()
export class ResourceServerTimeline extends SnapshotTimeline<
  ResourceServerEntity,
  ResourceServerSnapshotEntity,
  ResourceServerDefinition
> {
  constructor(private readonly setups: SetupTimeline) {
    super({
      label: 'resource server',
      entity: ResourceServerEntity,
      snapshot: ResourceServerSnapshotEntity,
      metadata: ResourceServerSnapshotMetadataEntity,
      scopes: ResourceServerSnapshotScopeEntity,
      ownerColumn: 'resource_server_id',
      notFound: resourceServerNotFound,
      describe: (content) => ({
        name: content.name,
        owner: content.owner,
        metadata: content.metadata,
        scopes: content.scopes.map((s) => s.name),
      }),
      parentProperty: 'setupId',
    });
  }

  /** A resource server of the given setup; under a setup that does not exist the answer is SETUP_NOT_FOUND. */
  async loadInSetup(
    em: EntityManager,
    setupId: string,
    id: string,
    options: LoadOptions = {},
  ): Promise<ResourceServerEntity> {
    return this.loadOwnedBy(em, setupId, id, () => this.setups.load(em, setupId), options);
  }
}
