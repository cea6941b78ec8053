import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { AsyncLocalStorage } from 'node:async_hooks';
import { ClientActivation } from '@app/clients';
import { Clock, isDatabaseUnavailable } from '@app/core';
import { ResourceServerActivation } from '@app/resource-servers';
import { SetupActivation } from '@app/setups';

/** How often the job looks for due snapshots even when no timer is armed (schedules made by other instances). */
export const ACTIVATION_POLL_MS = 1000;

/**
 * Activates scheduled snapshots when their valid_from passes. A timer is armed for the next due
 * instant, so activation follows within milliseconds; the interval is the safety net that also sees
 * schedules written by other instances and catches up after downtime (of this service or of the
 * database: a failed run is logged and retried on the next tick). The work is in the libraries'
 * activation services, which take `now`.
 */
@Injectable()
export class ActivationJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ActivationJob.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly stopping = new AbortController();
  /** Since when runs fail (database unreachable): logged once, then again when activation works. */
  private failingSince: Date | null = null;
  /**
   * Runs in the context the job was created in: a run that a request's write started (through the
   * timer) belongs to no request, and its log lines carry no request id.
   */
  private readonly outsideRequests = AsyncLocalStorage.snapshot();

  constructor(
    private readonly setups: SetupActivation,
    private readonly resourceServers: ResourceServerActivation,
    private readonly clients: ClientActivation,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    void this.run();
  }

  /**
   * Takes no new tick and lets the current run finish the batch it is in (each batch is one
   * transaction, announced once it commits); what is still due stays for the next start or another
   * instance. Called while shutting down, before the event handlers are unsubscribed.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.running;
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  @Interval('snapshot-activation', ACTIVATION_POLL_MS)
  tick(): Promise<void> {
    return this.run();
  }

  /** Activates what is due, then arms the timer. Never runs twice at once in one process. */
  run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.outsideRequests(() => this.activateAndArm()).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async activateAndArm(): Promise<void> {
    try {
      const now = this.clock.now();
      // Setups first: a client activated in the same instant may rely on its setup's new defaults, and
      // on the scopes its resource servers declare from then on.
      const signal = this.stopping.signal;
      const activated =
        (await this.setups.activateDue(now, undefined, signal)) +
        (await this.resourceServers.activateDue(now, undefined, signal)) +
        (await this.clients.activateDue(now, undefined, signal));
      if (activated) this.logger.log(`Activated ${activated} scheduled snapshot(s) due by ${now.toISOString()}`);
      if (this.failingSince) {
        this.logger.log(`Activation works again (it failed since ${this.failingSince.toISOString()})`);
        this.failingSince = null;
      }
      const next = await Promise.all([
        this.setups.nextDueAt(),
        this.resourceServers.nextDueAt(),
        this.clients.nextDueAt(),
      ]);
      this.arm(next.filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0]);
    } catch (err) {
      this.reportFailure(err);
    }
  }

  /** The first failure of an outage is an error; the same outage then ticks quietly until it ends. */
  private reportFailure(err: unknown): void {
    if (isDatabaseUnavailable(err)) {
      if (this.failingSince) {
        this.logger.debug(`Activation still waits for the database: ${(err as Error).message}`);
        return;
      }
      this.failingSince = new Date();
      this.logger.error(
        `Activation of scheduled snapshots failed, the database is unavailable (${(err as Error).message}); retrying every tick`,
      );
      return;
    }
    this.failingSince ??= new Date();
    this.logger.error(
      'Activation of scheduled snapshots failed; retrying on the next tick',
      err instanceof Error ? err.stack : String(err),
    );
  }

  private arm(next: Date | undefined): void {
    clearTimeout(this.timer);
    if (!next || this.stopped) return;
    const delay = next.getTime() - this.clock.now().getTime();
    if (delay > ACTIVATION_POLL_MS) return;
    this.timer = setTimeout(() => void this.run(), Math.max(0, delay));
    this.timer.unref();
  }
}
