import { Injectable } from '@nestjs/common';
import { AppConfigService, TransactionRunner } from '@app/core';
import { ResourceServerEntity } from '@app/resource-servers';
import { SetupEntity } from '@app/setups';
import { DEFAULT_SOFT_DELETE_RETENTION_DAYS, purgeSoftDeleted } from '@app/versioning';
import { ClientEntity } from '../entities/client.entity';

const DAY_MS = 86_400_000;

/**
 * Erases the soft-deleted setups, clients and resource servers (with their snapshots) whose retention
 * (SOFT_DELETE_RETENTION_DAYS) has passed at `now`. This library is the top of the chain, so it knows
 * all three kinds; children go first, although a setup's foreign keys would cascade to them anyway.
 */
@Injectable()
export class SoftDeletedPurge {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly config: AppConfigService,
  ) {}

  /** Returns how many entities were erased. One transaction per thousand rows. */
  async purge(now: Date): Promise<number> {
    const days = this.config.values.softDeleteRetentionDays ?? DEFAULT_SOFT_DELETE_RETENTION_DAYS;
    const before = new Date(now.getTime() - days * DAY_MS);
    let total = 0;
    for (const kind of [ClientEntity, ResourceServerEntity, SetupEntity]) {
      for (;;) {
        const erased = await this.tx.run((em) =>
          purgeSoftDeleted(em, em.connection.getMetadata(kind).tableName, before),
        );
        total += erased;
        if (erased === 0) break;
      }
    }
    return total;
  }
}
