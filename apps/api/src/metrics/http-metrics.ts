import type { MetricsService } from '@app/core';
import type { FastifyInstance } from 'fastify';

/** Latency buckets in seconds: a read answers in milliseconds, a batch registration in a second or two. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Counts every answer and observes its latency, per method, route template and status. The route is
 * the template (`/v2/modules/:module/setups/:setupId`), never the URL, so ids do not multiply the
 * series; a URL that matches no route is counted as `unmatched`.
 */
export function recordHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  const requests = metrics.counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, per method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
  });
  const duration = metrics.histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to sending its answer, per method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: LATENCY_BUCKETS,
  });
  // One pair of labelled series per method, route and status, looked up once: prom-client would
  // otherwise hash the label object on every answer (the set is small: route templates × statuses).
  const series = new Map<string, { count(): void; observe(seconds: number): void }>();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let one = series.get(key);
    if (!one) {
      const counted = requests.labels(request.method, route, String(reply.statusCode));
      const timed = duration.labels(request.method, route, String(reply.statusCode));
      one = { count: () => counted.inc(), observe: (seconds) => timed.observe(seconds) };
      series.set(key, one);
    }
    one.count();
    one.observe(reply.elapsedTime / 1000);
    done();
  });
}
