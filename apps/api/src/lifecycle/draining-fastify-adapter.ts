import { FastifyAdapter } from '@nestjs/platform-fastify';

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
 * the requests in flight (each answer closes its keep-alive connection), then the steps registered
 * with `afterRequestsDrained` run in order (the activation job finishes its batch). Only then do the
 * modules shut down, the DataSource last.
 */
export class DrainingFastifyAdapter extends FastifyAdapter {
  private readonly steps: Array<() => Promise<void>> = [];
  private closing?: Promise<void>;
  private draining?: Promise<void>;

  /** Work to finish once no request is in flight any more, before any module shuts down. */
  afterRequestsDrained(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  override beforeClose(): Promise<void> {
    this.draining ??= (async () => {
      await this.close();
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
