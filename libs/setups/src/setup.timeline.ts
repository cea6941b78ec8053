import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@app/core';
import { SnapshotTimeline } from '@app/versioning';
import { SetupEntity } from './entities/setup.entity';
import { SetupSnapshotEntity, SetupSnapshotMetadataEntity } from './entities/setup-snapshot.entity';
import type { SetupDefinition } from './setup-definition';

export function setupNotFound(setupId: string): NotFoundError {
  return new NotFoundError('SETUP_NOT_FOUND', `No setup with id "${setupId}" exists.`);
}

/** The snapshot timeline of setups; other libraries use it to check a setup and read its defaults. */
@Injectable()
export class SetupTimeline extends SnapshotTimeline<SetupEntity, SetupSnapshotEntity, SetupDefinition> {
  constructor() {
    super({
      label: 'setup',
      entity: SetupEntity,
      snapshot: SetupSnapshotEntity,
      metadata: SetupSnapshotMetadataEntity,
      ownerColumn: 'setup_id',
      notFound: setupNotFound,
      describe: (content) => content,
    });
  }
}
