import type { FastifyInstance } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import type { Level } from 'pino';

/** Probes and scrapes come every few seconds; their lines are only wanted when debugging. */
const QUIET_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/**
 * The request log, as Fastify hooks rather than Nest middleware (which Fastify runs through an extra
 * middleware engine on every request):
 * - when the answer is sent, one line says method, path, status and time, with the request (headers
 *   redacted) and the status: `info`, `debug` for probes and scrapes, `error` for a 5xx;
 * - a request whose client goes away first gets a `warn` line saying so.
 * Both carry the request's `request_id`, as does the line the problem filter writes for a 5xx. The
 * request does not run in a logging context of its own (nestjs-pino's AsyncLocalStorage): on Node 20
 * an active AsyncLocalStorage runs a hook for every promise of every request, which cost 14 % of the
 * CPU of a create (BENCHMARKS.md, fourth round), and the lines about a request name it themselves.
 */
export function logRequests(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const root = PinoLogger.root;
    const status = reply.statusCode;
    const raw = request.raw;
    const url = raw.url ?? '';
    const level: Level = status >= 500 ? 'error' : QUIET_PATHS.test(url) ? 'debug' : 'info';
    if (root.isLevelEnabled(level)) {
      const ms = Math.round(reply.elapsedTime);
      const path = url.split('?')[0];
      root[level](
        { request_id: request.id, req: raw, res: { statusCode: status }, responseTime: ms },
        status >= 500 ? `${raw.method} ${path} ${status}` : `${raw.method} ${path} ${status} ${ms} ms`,
      );
    }
    done();
  });
  // A client that goes away before its answer is complete: pino-http logged these too.
  fastify.addHook('onRequestAbort', (request, done) => {
    const raw = request.raw;
    const path = (raw.url ?? '').split('?')[0];
    PinoLogger.root.warn({ request_id: request.id, req: raw }, `${raw.method} ${path} aborted by the client`);
    done();
  });
}
