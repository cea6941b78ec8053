import { Injectable } from '@nestjs/common';
import { EventOutbox, instantParam } from '@app/core';
import { PersistedConsentEntity } from './persisted-consent.entity';
import { ConsentRevokedEvent } from './events/consent.events';

const BATCH = 500;

/**
 * Erases the consents whose expiration has passed at `now` (reads already leave them out), each
 * announced as revoked ('expired') in the transaction that erases it, a batch at a time.
 */
@Injectable()
export class ExpiredConsentPurge {
  constructor(private readonly events: EventOutbox) {}

  /** Returns how many consents were erased. */
  async purge(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.events.run(
        async (em) => {
          const repo = em.getRepository(PersistedConsentEntity);
          const rows = await repo
            .createQueryBuilder('p')
            .where('p.expiration IS NOT NULL AND p.expiration <= :now', { now: instantParam(now) })
            .orderBy('p.expiration')
            .limit(BATCH)
            .getMany();
          if (rows.length) await repo.delete(rows.map((r) => r.id));
          return rows;
        },
        (rows) => rows.map((consent) => new ConsentRevokedEvent(consent, 'scheduler', now, 'expired')),
      );
      total += expired.length;
      if (expired.length < BATCH) return total;
    }
  }
}
