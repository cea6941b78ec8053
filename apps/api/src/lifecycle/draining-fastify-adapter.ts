import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyHttpOptions } from 'fastify';
import type { Server } from 'node:http';

/** While draining, how often connections that have become idle are closed. */
const REAP_IDLE_MS = 50;

/**
 * The Fastify adapter, with a shutdown that starts by draining.
 *
 * `app.close()` (on SIGTERM) runs the adapter's `beforeClose`, then every module's `onModuleDestroy`,
 * `beforeApplicationShutdown`, closes the HTTP server, and runs `onApplicationShutdown`. Global modules
 * come first in each round: the CQRS event bus drops its handlers in `onModuleDestroy`, and TypeORM
 * closes the DataSource in `onApplicationShutdown` before the hooks of the application's own module.
 * Left at that, a request in flight would commit without its events handled, and a running activation
 * batch could lose the database under it.
 *
 * So `beforeClose` drains before any hook runs: the server stops accepting connections and finishes
 * the requests in flight, then the steps registered with `afterRequestsDrained` run in order (the
 * activation job finishes its batch). Only then do the modules shut down, the DataSource last.
 *
 * Node closes the keep-alive connections that are idle when the server closes, but not those that
 * become idle afterwards, which would hold the shutdown until their keep-alive timeout. While
 * draining, every answer therefore says `Connection: close`, and connections that went idle are
 * closed as they do.
 */
export class DrainingFastifyAdapter extends FastifyAdapter {
  private readonly steps: Array<() => Promise<void>> = [];
  private closing?: Promise<void>;
  private draining?: Promise<void>;

  constructor(options: FastifyHttpOptions<Server>) {
    super(options);
    this.getInstance().addHook('onSend', (_request, reply, payload, done) => {
      if (this.draining && !reply.raw.headersSent) void reply.header('connection', 'close');
      done(null, payload);
    });
  }

  /** Work to finish once no request is in flight any more, before any module shuts down. */
  afterRequestsDrained(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  override beforeClose(): Promise<void> {
    this.draining ??= (async () => {
      const server = this.getHttpServer() as Server;
      const reaper = setInterval(() => server.closeIdleConnections(), REAP_IDLE_MS);
      try {
        await this.close();
      } finally {
        clearInterval(reaper);
      }
      for (const step of this.steps) await step();
    })();
    return this.draining;
  }

  /** Closes once; Nest calls this again after the hooks. */
  override close(): Promise<void> {
    this.closing ??= super.close();
    return this.closing;
  }
}
