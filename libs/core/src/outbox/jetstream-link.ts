import {
  jetstream,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  jetstreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { OutboxConfig } from '../config/app-config';
import { type OutboxMessage, subjectOf } from './outbox-table';

/** How long one publish waits for the stream's acknowledgement. */
export const PUBLISH_TIMEOUT_MS = 5000;

export interface PublishOutcome {
  /** The messages the stream acknowledged (stored, or recognised as a duplicate of a stored one). */
  acked: OutboxMessage[];
  /** How many of them the stream already held (published before, but not marked so: after a crash). */
  duplicates: number;
  /** Why the others were not sent, if any were not. */
  failure?: unknown;
}

/**
 * The relay's connection to NATS JetStream. The client reconnects by itself after an outage (and
 * reports it, so the relay resumes at once); until the first connection succeeds, `ready()` simply
 * answers false and the relay tries again later.
 */
export class JetStreamLink {
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private connected = false;
  private streamReady = false;
  private closing = false;
  /** Why the last connection attempt failed, for the relay's log. */
  lastConnectError: string | null = null;

  constructor(
    private readonly config: OutboxConfig,
    private readonly onReconnect: () => void,
  ) {}

  /** Connected, with the stream in place; false while the broker cannot be reached. Throws when the stream cannot be set up. */
  async ready(): Promise<boolean> {
    if (this.closing) return false;
    if (!this.nc) {
      try {
        this.attach(
          await connect({
            servers: this.config.servers,
            name: 'oauth-registry-outbox',
            maxReconnectAttempts: -1,
            reconnectTimeWait: 1000,
            timeout: 5000,
            // Otherwise every publish builds two Error objects with stack traces up front, in case it fails:
            // a third of the relay's CPU when it publishes 100,000 activations.
            noAsyncTraces: true,
          }),
        );
        this.lastConnectError = null;
      } catch (err) {
        this.lastConnectError = err instanceof Error ? err.message : String(err);
        return false;
      }
    }
    if (!this.connected) return false;
    if (!this.streamReady) {
      await this.ensureStream();
      this.streamReady = true;
    }
    return true;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /**
   * Publishes the messages with their event id as `Nats-Msg-Id`, so the stream drops a message it
   * already holds (within its duplicate window). Each entity's messages go one after another, each
   * only once the previous one is acknowledged, and stop at the first failure: a later change of an
   * entity never lands before an earlier one. Different entities go concurrently.
   */
  async publish(messages: readonly OutboxMessage[]): Promise<PublishOutcome> {
    const js = this.js!;
    const chains = new Map<string, OutboxMessage[]>();
    for (const m of messages) {
      const key = `${m.entityType}:${m.entityId}`;
      const chain = chains.get(key);
      if (chain) chain.push(m);
      else chains.set(key, [m]);
    }
    const acked: OutboxMessage[] = [];
    let duplicates = 0;
    let failure: unknown;
    await Promise.all(
      [...chains.values()].map(async (chain) => {
        for (const m of chain) {
          try {
            const ack = await js.publish(subjectOf(this.config.subjectPrefix, m), m.payload, {
              msgID: m.eventId,
              expect: { streamName: this.config.stream },
              timeout: PUBLISH_TIMEOUT_MS,
            });
            acked.push(m);
            if (ack.duplicate) duplicates++;
          } catch (err) {
            failure ??= err;
            return;
          }
        }
      }),
    );
    // The stream may have been deleted or the broker's storage lost: look again before the next attempt.
    if (failure) this.streamReady = false;
    return { acked, duplicates, failure };
  }

  async close(): Promise<void> {
    this.closing = true;
    const nc = this.nc;
    this.nc = null;
    this.connected = false;
    if (nc && !nc.isClosed()) await nc.close().catch(() => undefined);
  }

  private attach(nc: NatsConnection): void {
    this.nc = nc;
    this.js = jetstream(nc, { timeout: PUBLISH_TIMEOUT_MS });
    this.connected = true;
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') this.connected = false;
        if (status.type === 'reconnect') {
          this.connected = true;
          this.streamReady = false;
          this.onReconnect();
        }
      }
    })().catch(() => undefined);
    void nc.closed().then(() => {
      if (this.nc !== nc) return;
      // Closed for good (not an outage the client rides out): connect afresh on the next attempt.
      this.nc = null;
      this.connected = false;
    });
  }

  /**
   * Creates the stream if it is missing (file storage, the server's default limits and duplicate
   * window), or adds this service's subjects to an existing one. Other settings of an existing
   * stream are the operator's and stay as they are.
   */
  private async ensureStream(): Promise<void> {
    const jsm = await jetstreamManager(this.nc!, { timeout: PUBLISH_TIMEOUT_MS });
    const subjects = `${this.config.subjectPrefix}.>`;
    try {
      const info = await jsm.streams.info(this.config.stream);
      const existing = info.config.subjects ?? [];
      if (!existing.includes(subjects))
        await jsm.streams.update(this.config.stream, { subjects: [...existing, subjects] });
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
      await jsm.streams.add({ name: this.config.stream, subjects: [subjects], storage: StorageType.File });
    }
  }
}
