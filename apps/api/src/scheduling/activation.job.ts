import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { ClientActivation } from '@app/clients';
import { Clock } from '@app/core';
import { ResourceServerActivation } from '@app/resource-servers';
import { SetupActivation } from '@app/setups';

/** How often the job looks for due snapshots even when no timer is armed (schedules made by other instances). */
export const ACTIVATION_POLL_MS = 1000;

/**
 * Activates scheduled snapshots when their valid_from passes. A timer is armed for the next due
 * instant, so activation follows within milliseconds; the interval is the safety net that also sees
 * schedules written by other instances and catches up after downtime. The work is in the libraries'
 * activation services, which take `now`.
 */
@Injectable()
export class ActivationJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ActivationJob.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly setups: SetupActivation,
    private readonly resourceServers: ResourceServerActivation,
    private readonly clients: ClientActivation,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    void this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  @Interval('snapshot-activation', ACTIVATION_POLL_MS)
  tick(): Promise<void> {
    return this.run();
  }

  /** Activates what is due, then arms the timer. Never runs twice at once in one process. */
  run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.activateAndArm().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async activateAndArm(): Promise<void> {
    try {
      const now = this.clock.now();
      // Setups first: a client activated in the same instant may rely on its setup's new defaults, and
      // on the scopes its resource servers declare from then on.
      const activated = (await this.setups.activateDue(now)) + (await this.resourceServers.activateDue(now)) + (await this.clients.activateDue(now));
      if (activated) this.logger.log(`Activated ${activated} scheduled snapshot(s) due by ${now.toISOString()}`);
      const next = await Promise.all([this.setups.nextDueAt(), this.resourceServers.nextDueAt(), this.clients.nextDueAt()]);
      this.arm(next.filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0]);
    } catch (err) {
      this.logger.error('Activation of scheduled snapshots failed; retrying on the next tick', err instanceof Error ? err.stack : String(err));
    }
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
