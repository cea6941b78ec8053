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
  fastify.addHook('onResponse', (request, reply, done) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}
