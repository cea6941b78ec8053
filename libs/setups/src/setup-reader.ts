import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { instantParam, isId, NotFoundError, NotYetValidError } from '@app/core';
import { SetupEntity } from './entities/setup.entity';
import { SetupSnapshotEntity } from './entities/setup-snapshot.entity';

/** Reads setups as of an instant; shared by the setup queries and by other libraries' handlers. */
@Injectable()
export class SetupReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Throws SETUP_NOT_FOUND unless the setup exists (active or only scheduled). */
  async assertExists(setupId: string, em: EntityManager = this.dataSource.manager): Promise<void> {
    if (!isId(setupId) || !(await em.existsBy(SetupEntity, { id: setupId }))) throw setupNotFound(setupId);
  }

  /**
   * The snapshot in force at `at`: the latest whose valid_from is not after it.
   * Throws SETUP_NOT_FOUND for an unknown setup and NOT_YET_VALID for one that only has scheduled snapshots.
   */
  async activeAt(setupId: string, at: Date, em: EntityManager = this.dataSource.manager): Promise<SetupSnapshotEntity> {
    if (!isId(setupId)) throw setupNotFound(setupId);
    const repo = em.getRepository(SetupSnapshotEntity);
    const active = await repo
      .createQueryBuilder('s')
      .where('s.setup_id = :setupId AND s.valid_from <= :at', { setupId, at: instantParam(at) })
      .orderBy('s.valid_from', 'DESC')
      .limit(1)
      .getOne();
    if (active) return active;
    const first = await repo.createQueryBuilder('s').where('s.setup_id = :setupId', { setupId }).orderBy('s.valid_from', 'ASC').limit(1).getOne();
    if (!first) throw setupNotFound(setupId);
    throw new NotYetValidError('setup', first.validFrom);
  }
}

export function setupNotFound(setupId: string): NotFoundError {
  return new NotFoundError('SETUP_NOT_FOUND', `No setup with id "${setupId}" exists.`);
}
