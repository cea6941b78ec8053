import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { ExpiredConsentPurge, SoftDeletedPurge } from '@app/clients';
import { Clock } from '@app/core';

/** How often deleted entities past their retention are looked for. */
export const RETENTION_POLL_MS = 60_000;

/**
 * Purges in the background what the retention no longer keeps. The work is in the library's purge
 * service, which takes `now`; a failed run (database away) is logged and retried on the next tick.
 */
@Injectable()
export class RetentionJob {
  private readonly logger = new Logger(RetentionJob.name);
  private running = false;

  constructor(
    private readonly softDeleted: SoftDeletedPurge,
    private readonly consents: ExpiredConsentPurge,
    private readonly clock: Clock,
  ) {}

  @Interval('retention', RETENTION_POLL_MS)
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const now = this.clock.now();
      const erased = await this.softDeleted.purge(now);
      if (erased) this.logger.log(`Purged ${erased} deleted entit${erased === 1 ? 'y' : 'ies'} past their retention`);
      const expired = await this.consents.purge(now);
      if (expired) this.logger.log(`Purged ${expired} expired persisted consent(s)`);
    } catch (err) {
      this.logger.warn(
        `Purging deleted entities or expired consents failed; retrying in ${RETENTION_POLL_MS / 1000} s: ${String(err)}`,
      );
    } finally {
      this.running = false;
    }
  }
}
