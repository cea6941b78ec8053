import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ClientConfigurationCache } from '@app/clients';
import { fixedQuery } from '@app/core';

/** How often an instance looks for changes that other instances committed. */
export const CHANGE_FEED_POLL_MS = 250;
/**
 * How far back each look reaches: an event id carries the instant it was made, a little before its
 * transaction commits, so a slow commit appears behind ids already seen.
 */
const LOOKBACK_MS = 3000;

interface ChangeRow {
  event_id: string;
  entity_type: string;
  entity_id: string;
  setup_id: string | null;
  details: string | null;
}

/**
 * Several instances share one PostgreSQL database, and a change committed by one reaches the others'
 * EventBus never: each instance reads the audit trail (an entry per domain event, written in the
 * change's transaction, keyed by a time-ordered event id) every CHANGE_FEED_POLL_MS and drops the
 * cached configurations it names. SQLite serves one instance, whose own events suffice. Here, where
 * the application composes the audit trail and the clients library, neither of which knows the other.
 */
@Injectable()
export class ClientConfigurationChangeFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ClientConfigurationCache');
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  /** The entries of the last two look-back windows this instance has taken, with when. */
  private readonly seen = new Map<string, number>();
  /** The newest event id seen. */
  private newest = '';
  private failing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: ClientConfigurationCache,
  ) {}

  onApplicationBootstrap(): void {
    if (this.dataSource.options.type !== 'postgres') return;
    // Blind to the other instances until their changes have been read once.
    this.cache.changeFeed = false;
    this.timer = setInterval(() => {
      this.running ??= this.poll().finally(() => (this.running = null));
    }, CHANGE_FEED_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async poll(now = Date.now()): Promise<void> {
    const from = eventIdAt(now - LOOKBACK_MS);
    try {
      const em = this.dataSource.manager;
      // What is newer than the newest entry seen, in full: under a steady stream of changes, all there
      // is to read (named statements, as on the write path).
      const fresh = await fixedQuery<ChangeRow>(
        em,
        `SELECT ${ROW} FROM audit_entry WHERE event_id > $1 AND ${KINDS} ORDER BY event_id`,
        [this.newest > from ? this.newest : from],
      );
      this.take(fresh, now);
      // A change committed late has an id below the newest seen: count the window's entries up to it,
      // and read their ids only when the count is more than this instance has seen there.
      if (this.newest > from && (await this.windowCount(em, from)) > this.seenBetween(from, this.newest)) {
        const ids = await fixedQuery<{ event_id: string }>(em, `SELECT event_id ${WINDOW}`, [from, this.newest]);
        const unseen = ids.map((r) => r.event_id).filter((id) => !this.seen.has(id));
        if (unseen.length)
          this.take(
            await fixedQuery<ChangeRow>(em, `SELECT ${ROW} FROM audit_entry WHERE event_id = ANY($1)`, [unseen]),
            now,
          );
      }
      for (const [id, at] of this.seen) if (at < now - 2 * LOOKBACK_MS) this.seen.delete(id);
      if (this.failing) this.logger.log('Reading changes of other instances works again');
      this.failing = false;
    } catch (err) {
      // The cache keeps its one-second bound meanwhile (see ClientConfigurationCache.maxAgeMs).
      if (!this.failing) this.logger.error(`Cannot read changes of other instances: ${(err as Error).message}`);
      this.failing = true;
      this.cache.changeFeed = false;
      return;
    }
    this.cache.changeFeed = true;
  }

  /** Drops the cached configurations the entries name, once each. */
  private take(rows: readonly ChangeRow[], now: number): void {
    for (const row of rows) {
      if (row.event_id > this.newest) this.newest = row.event_id;
      if (this.seen.has(row.event_id)) continue;
      this.seen.set(row.event_id, now);
      if (!row.setup_id) continue;
      if (row.entity_type === 'setup') this.cache.forSetup(row.setup_id);
      if (row.entity_type === 'client') this.cache.forClient(row.setup_id, row.entity_id, oauthClientIdOf(row));
    }
  }

  private async windowCount(em: EntityManager, from: string): Promise<number> {
    const [{ n }] = await fixedQuery<{ n: string | number }>(em, `SELECT COUNT(*) AS n ${WINDOW}`, [from, this.newest]);
    return Number(n);
  }

  private seenBetween(from: string, to: string): number {
    let n = 0;
    for (const id of this.seen.keys()) if (id >= from && id <= to) n++;
    return n;
  }
}

const ROW = 'event_id, entity_type, entity_id, setup_id, details';
/** The entries that name a cached configuration. */
const KINDS = "entity_type IN ('client', 'setup')";
/** The look-back window up to the newest entry seen ($1, $2). */
const WINDOW = `FROM audit_entry WHERE event_id >= $1 AND event_id <= $2 AND ${KINDS}`;

/** The smallest event id made at `ms` (ids begin with their instant's milliseconds, in hex). */
function eventIdAt(ms: number): string {
  return ms.toString(16).padStart(12, '0');
}

function oauthClientIdOf(row: ChangeRow): string | undefined {
  try {
    const details = row.details ? (JSON.parse(row.details) as { client_id?: unknown }) : {};
    return typeof details.client_id === 'string' ? details.client_id : undefined;
  } catch {
    return undefined;
  }
}
