import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { OutboxConfig } from '@app/core';

/** The shared broker of this machine (CI starts it); tests only ever add and delete their own streams on it. */
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** One message as a consumer of the stream receives it. */
export interface StreamMessage {
  seq: number;
  subject: string;
  msgId: string;
  payload: {
    eventId: string;
    type: string;
    module: string;
    setupId: string;
    entityType: string;
    entityId: string;
    snapshotId: string | null;
    validFrom: string | null;
    actor: string;
    occurredAt: string;
    details: Record<string, unknown>;
  };
}

export interface TestStream {
  /** The outbox settings that make the service publish into this stream. */
  config: OutboxConfig;
  /** Every message in the stream, in stream order. */
  read(): Promise<StreamMessage[]>;
  /** Deletes the stream (if the service ever created it). */
  drop(): Promise<void>;
}

/**
 * A stream name and subject prefix of this test file's own, so that parallel files and re-runs never
 * see each other's messages. The service creates the stream; `drop` deletes it.
 */
export function testStream(servers = TEST_NATS_URL): TestStream {
  const id = randomBytes(5).toString('hex');
  const config: OutboxConfig = {
    servers: [servers],
    stream: `TEST_${id.toUpperCase()}`,
    subjectPrefix: `test-${id}`,
    retentionSeconds: 86_400,
  };
  return {
    config,
    read: () => readStream(servers, config.stream),
    drop: async () => {
      const nc = await connect({ servers });
      try {
        const jsm = await jetstreamManager(nc);
        await jsm.streams.delete(config.stream).catch(() => undefined);
      } finally {
        await nc.close();
      }
    },
  };
}

async function readStream(servers: string, stream: string): Promise<StreamMessage[]> {
  const nc = await connect({ servers });
  try {
    const jsm = await jetstreamManager(nc);
    const total = (await jsm.streams.info(stream)).state.messages;
    const out: StreamMessage[] = [];
    if (!total) return out;
    // An ordered consumer: ephemeral, reads the stream from the start, in order.
    const consumer = await jetstream(nc).consumers.get(stream);
    while (out.length < total) {
      const batch = await consumer.fetch({ max_messages: Math.min(1000, total - out.length), expires: 5000 });
      const before = out.length;
      for await (const m of batch) {
        out.push({ seq: m.seq, subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id') ?? '', payload: m.json() });
      }
      if (out.length === before) throw new Error(`stream ${stream} holds ${total} messages, read ${out.length}`);
    }
    return out;
  } finally {
    await nc.close();
  }
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A NATS server of the test's own (JetStream on, its own storage directory, a free port), which the
 * test may stop and start again: the shared server on 4222 is never touched.
 */
export class PrivateNatsServer {
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivateNatsServer> {
    const server = new PrivateNatsServer(await freePort(), mkdtempSync(join(tmpdir(), 'oauth-registry-nats-')));
    await server.start();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port and storage, so streams and their messages survive a stop. */
  async start(): Promise<void> {
    const bin = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
    this.child = spawn(bin, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir], { stdio: 'ignore' });
    await waitForPort(this.port);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
