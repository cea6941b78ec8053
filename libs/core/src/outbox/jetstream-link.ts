import { JetStreamApiCodes, JetStreamApiError, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect, createInbox, headers, type Msg, type NatsConnection } from '@nats-io/transport-node';
import type { OutboxConfig } from '../config/app-config';
import { type OutboxMessage, subjectOf } from './outbox-table';

/** How long a batch of publications waits for the stream's acknowledgements. */
export const PUBLISH_TIMEOUT_MS = 5000;

export interface PublishOutcome {
  /** The messages the stream acknowledged (stored, or recognised as a duplicate of a stored one). */
  acked: OutboxMessage[];
  /** How many of them the stream already held (published before, but not marked so: after a crash). */
  duplicates: number;
  /** Why the others were not sent, if any were not. */
  failure?: unknown;
}

/** One publication waiting for the stream's acknowledgement. */
interface Waiter {
  resolve(duplicate: boolean): void;
  reject(err: Error): void;
}

/**
 * The relay's connection to NATS JetStream. The client reconnects by itself after an outage (and
 * reports it, so the relay resumes at once); until the first connection succeeds, `ready()` simply
 * answers false and the relay tries again later.
 */
export class JetStreamLink {
  private nc: NatsConnection | null = null;
  /** Where the stream's acknowledgements arrive: `<inbox>.<token>`, one token per publication. */
  private inbox = '';
  private readonly waiting = new Map<string, Waiter>();
  private nextToken = 0;
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
   * only once the previous one is acknowledged: a later change of an entity never lands before an
   * earlier one. Different entities go concurrently. After the first failure nothing more is sent; what
   * was not acknowledged stays in the outbox for the next round.
   */
  async publish(messages: readonly OutboxMessage[]): Promise<PublishOutcome> {
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
    // One deadline for the batch (each chain waits for its acknowledgements one after another): what
    // is not acknowledged by then fails, and stays in the outbox for the next round.
    const pending = new Set<string>();
    let expired = false;
    const deadline = setTimeout(() => {
      expired = true;
      for (const token of pending) this.settle(token, new Error('timed out waiting for the stream to acknowledge'));
    }, PUBLISH_TIMEOUT_MS);
    try {
      await Promise.all(
        [...chains.values()].map(async (chain) => {
          for (const m of chain) {
            if (expired || failure) return;
            try {
              if (await this.publishOne(m, pending)) duplicates++;
              acked.push(m);
            } catch (err) {
              failure ??= err;
              return;
            }
          }
        }),
      );
    } finally {
      clearTimeout(deadline);
    }
    // The stream may have been deleted or the broker's storage lost: look again before the next attempt.
    if (failure) this.streamReady = false;
    return { acked, duplicates, failure };
  }

  /**
   * Publishes one message as JetStream's own client does (`Nats-Msg-Id`, `Nats-Expected-Stream`, a
   * reply subject for the acknowledgement), but with one subscription for all acknowledgements instead
   * of a request, a timer and two error objects per message. Resolves to whether the stream already had it.
   */
  private publishOne(m: OutboxMessage, pending: Set<string>): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const token = (this.nextToken++).toString(36);
      this.waiting.set(token, {
        resolve: (duplicate) => {
          pending.delete(token);
          resolve(duplicate);
        },
        reject: (err) => {
          pending.delete(token);
          reject(err);
        },
      });
      pending.add(token);
      const h = headers();
      h.set('Nats-Msg-Id', m.eventId);
      h.set('Nats-Expected-Stream', this.config.stream);
      try {
        this.nc!.publish(subjectOf(this.config.subjectPrefix, m), m.payload, {
          reply: `${this.inbox}.${token}`,
          headers: h,
        });
      } catch (err) {
        this.settle(token, err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /** An acknowledgement (or the broker's "no responders"): settles the publication it answers. */
  private acknowledged(msg: Msg): void {
    const token = msg.subject.slice(this.inbox.length + 1);
    if (msg.headers?.hasError) {
      const why = msg.headers.code === 503 ? 'no stream listens on the subject' : msg.headers.description;
      this.settle(token, new Error(`the broker did not store the event: ${msg.headers.code} ${why}`));
      return;
    }
    let ack: {
      stream?: string;
      duplicate?: boolean;
      error?: { code?: number; err_code?: number; description?: string };
    };
    try {
      ack = JSON.parse(msg.string()) as typeof ack;
    } catch {
      this.settle(token, new Error('invalid acknowledgement from the stream'));
      return;
    }
    if (ack.error)
      this.settle(
        token,
        new JetStreamApiError({
          code: ack.error.code ?? 0,
          err_code: ack.error.err_code ?? 0,
          description: ack.error.description ?? 'refused',
        }),
      );
    else if (!ack.stream) this.settle(token, new Error('invalid acknowledgement from the stream'));
    else this.settle(token, null, ack.duplicate === true);
  }

  private settle(token: string, err: Error | null, duplicate = false): void {
    const waiter = this.waiting.get(token);
    // An acknowledgement after its batch gave up on it: the row stays unmarked and is published again,
    // and the stream drops the copy by its message id.
    if (!waiter) return;
    this.waiting.delete(token);
    if (err) waiter.reject(err);
    else waiter.resolve(duplicate);
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
    this.inbox = createInbox();
    nc.subscribe(`${this.inbox}.*`, {
      callback: (err, msg) => {
        if (!err) this.acknowledged(msg);
      },
    });
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
