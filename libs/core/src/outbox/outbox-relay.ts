import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Counter } from 'prom-client';
import { Clock } from '../clock';
import type { OutboxConfig } from '../config/app-config';
import { AppConfigService } from '../config/app-config.service';
import { TransactionRunner } from '../database/transaction-runner';
import { EventOutbox } from './event-outbox';
import { MetricsService } from '../metrics/metrics.service';
import { JetStreamLink, type PublishOutcome } from './jetstream-link';
import { countUnpublished, deletePublishedBefore, markPublished, readUnpublished } from './outbox-table';

/** Rows per round. */
export const RELAY_BATCH = 500;
/** How often an idle relay looks for rows (written by other instances, or left by a crash). */
export const RELAY_POLL_MS = 1000;
/** While another instance is publishing, how soon to look again. */
const BUSY_RETRY_MS = 100;
/** Backoff after failures: from 0.5 s, doubling, at most 15 s; a reconnection ends it at once. */
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15_000;
/** How often published rows past their retention are deleted. */
const CLEANUP_EVERY_MS = 60_000;
/** At shutdown, how long the relay keeps publishing what the last requests committed. */
const SHUTDOWN_FLUSH_MS = 5000;

type Outcome = 'more' | 'idle' | 'busy' | 'unavailable' | 'failed';

/** Counters since start, for metrics. */
export interface RelayStats {
  /** Events this instance published (acknowledged by the stream). */
  published: number;
  /** Of those, how many the stream already held (a republication after a crash; dropped by message id). */
  duplicates: number;
}

/**
 * Carries the outbox rows to NATS JetStream, oldest first, marking each published once the stream has
 * acknowledged it: at least once, and in order per entity (see JetStreamLink.publish). A row whose
 * acknowledgement was lost is published again, and the stream drops the copy by its message id.
 *
 * Several instances on one PostgreSQL database: a round runs in a transaction that holds a
 * transaction-level advisory lock, so one instance publishes at a time and each reads only after
 * the previous round's marks have committed; an instance that dies mid-round releases the lock with
 * its connection and leaves its rows unmarked for the next round, wherever it runs. SQLite is one
 * instance, and its one connection may not wait on the network inside a transaction: a round reads in
 * one short transaction, publishes, and marks in another.
 *
 * When the broker is down the rows wait, the backlog grows, and the relay retries with backoff; it
 * resumes as soon as the client reconnects.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly config: OutboxConfig | undefined;
  private readonly postgres: boolean;
  private readonly lockKey: string;
  private link?: JetStreamLink;
  private loop?: Promise<void>;
  private stopped = false;
  private stopping?: Promise<void>;
  private nudged = false;
  private sleeper: { wake(): void; nudgeable: boolean } | null = null;
  private failures = 0;
  private lastCleanup = -Infinity;
  private readonly counters: RelayStats = { published: 0, duplicates: 0 };
  private readonly published: Counter;
  private readonly duplicatesSeen: Counter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly outbox: EventOutbox,
    config: AppConfigService,
    metrics: MetricsService,
  ) {
    this.config = config.values.outbox;
    this.postgres = dataSource.options.type === 'postgres';
    const db = config.values.database;
    // One relay per database schema: instances of other deployments (other schemas) do not wait on it.
    const scope = db.type === 'postgres' ? (db.schema ?? 'public') : db.path;
    this.lockKey = createHash('sha256')
      .update(`oauth-registry outbox relay ${scope}`)
      .digest()
      .readBigInt64BE(0)
      .toString();
    this.published = metrics.counter({
      name: 'oauth_registry_outbox_published_total',
      help: 'Outbox events this instance published to NATS JetStream',
    });
    this.duplicatesSeen = metrics.counter({
      name: 'oauth_registry_outbox_duplicates_total',
      help: 'Outbox events the stream already had (published again after a crash or a lost acknowledgement)',
    });
    if (!this.config) return;
    const backlog = () => this.backlog();
    metrics.gauge({
      name: 'oauth_registry_outbox_backlog',
      help: 'Events committed but not yet acknowledged by NATS JetStream (all instances)',
      // Read when scraped; while the database is away the last value stays.
      async collect() {
        try {
          this.set(await backlog());
        } catch {
          /* the database is unavailable: /health/ready says so */
        }
      },
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config || this.stopped) return;
    this.link = new JetStreamLink(this.config, () => this.wake(true));
    this.outbox.onCommitted(() => this.wake(false));
    this.loop = this.run();
  }

  /**
   * Before the application closes its HTTP server and its database: TypeORM destroys the DataSource
   * in its global module's `onApplicationShutdown`, and global modules (this one too) run those hooks
   * in no fixed order among themselves. Rows committed after this are published by another instance
   * or at the next start.
   */
  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Finishes the round in progress, briefly publishes what the last requests committed, then disconnects. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      this.sleeper?.wake();
      await this.loop;
      if (this.link?.isConnected) {
        const deadline = Date.now() + SHUTDOWN_FLUSH_MS;
        while (Date.now() < deadline && (await this.round().catch(() => 'failed' as const)) === 'more');
      }
      await this.link?.close();
    })();
    return this.stopping;
  }

  /** How many events wait to be published (0 without NATS, where nothing is written to the outbox). */
  async backlog(): Promise<number> {
    if (!this.config) return 0;
    return countUnpublished(this.dataSource.manager);
  }

  stats(): RelayStats {
    return { ...this.counters };
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let outcome: Outcome;
      try {
        outcome = await this.round();
      } catch (err) {
        outcome = 'failed';
        this.reportFailure(err);
      }
      if (outcome === 'unavailable')
        this.reportFailure(new Error(this.link!.lastConnectError ?? 'disconnected from the broker'));
      if (outcome === 'more' || outcome === 'idle') this.recovered();
      await this.cleanup();
      if (this.stopped) break;
      if (outcome === 'more') continue;
      if (outcome === 'idle' && this.nudged) continue;
      if (outcome === 'busy') await this.sleep(BUSY_RETRY_MS, false);
      else if (outcome === 'idle') await this.sleep(RELAY_POLL_MS, true);
      else await this.sleep(this.backoff(), false);
    }
  }

  /** Publishes up to one batch. */
  private async round(): Promise<Outcome> {
    this.nudged = false;
    if (!(await this.link!.ready())) return 'unavailable';
    if (!this.postgres) {
      // Read through the transaction runner: its result is used only once the group it ran in has
      // committed, so no row of a unit that is then rolled back is ever published.
      const messages = await this.tx.run((em) => readUnpublished(em, RELAY_BATCH));
      if (!messages.length) return 'idle';
      const outcome = await this.link!.publish(messages);
      if (outcome.acked.length)
        await this.tx.run((em) =>
          markPublished(em, outcome.acked, this.clock.now(), this.config!.retentionSeconds > 0),
        );
      return this.outcome(messages.length, outcome);
    }
    return this.dataSource.transaction(async (em: EntityManager) => {
      const [{ locked }]: Array<{ locked: boolean }> = await em.query(
        'SELECT pg_try_advisory_xact_lock($1::bigint) AS locked',
        [this.lockKey],
      );
      if (!locked) return 'busy';
      const messages = await readUnpublished(em, RELAY_BATCH);
      if (!messages.length) return 'idle';
      const outcome = await this.link!.publish(messages);
      await markPublished(em, outcome.acked, this.clock.now(), this.config!.retentionSeconds > 0);
      return this.outcome(messages.length, outcome);
    });
  }

  private outcome(read: number, { acked, duplicates, failure }: PublishOutcome): Outcome {
    this.counters.published += acked.length;
    this.counters.duplicates += duplicates;
    this.published.inc(acked.length);
    this.duplicatesSeen.inc(duplicates);
    if (failure) {
      this.reportFailure(failure);
      return 'failed';
    }
    return read === RELAY_BATCH ? 'more' : 'idle';
  }

  /** Retention: once a minute (by the service's clock), deletes the rows published longer ago than configured. */
  private async cleanup(): Promise<void> {
    const retention = this.config!.retentionSeconds;
    const now = this.clock.now().getTime();
    if (retention === 0 || now - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = now;
    try {
      await this.tx.run((em) => deletePublishedBefore(em, new Date(now - retention * 1000)));
    } catch (err) {
      this.logger.warn(`Could not delete published outbox rows past their retention: ${(err as Error).message}`);
    }
  }

  /**
   * Waits `ms`, or less: a reconnection always ends the wait, a commit (`nudge`) only an idle one;
   * during a backoff, commits must not turn the retries into a busy loop.
   */
  private sleep(ms: number, nudgeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => wake(), ms);
      const wake = () => {
        clearTimeout(timer);
        this.sleeper = null;
        resolve();
      };
      this.sleeper = { wake, nudgeable };
    });
  }

  private wake(reconnected: boolean): void {
    this.nudged = true;
    if (this.sleeper && (reconnected || this.sleeper.nudgeable)) this.sleeper.wake();
  }

  private backoff(): number {
    const ms = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, this.failures - 1));
    return ms * (0.8 + Math.random() * 0.4);
  }

  private reportFailure(err: unknown): void {
    this.failures++;
    // Once per outage, not once per retry.
    if (this.failures === 1) {
      this.logger.warn(
        `Cannot publish outbox events to NATS (${err instanceof Error ? err.message : String(err)}); they wait in the outbox and are retried with backoff`,
      );
    }
  }

  private recovered(): void {
    if (this.failures === 0) return;
    this.failures = 0;
    this.logger.log('Publishing outbox events to NATS again');
  }
}
