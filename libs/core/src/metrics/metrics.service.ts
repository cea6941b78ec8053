import { Injectable } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  type CounterConfiguration,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  type Metric,
  register as processRegistry,
  Registry,
} from 'prom-client';

/**
 * The Prometheus metrics GET /metrics serves. Each application instance has a registry of its own
 * (the e2e specs run several instances in one process); the process metrics (CPU, memory, event
 * loop, GC) describe the process, so they are collected once, in prom-client's default registry, and
 * served alongside.
 *
 * Any module adds its metrics through the getters below, which return the metric already registered
 * under that name if there is one (two activation services share one histogram). A gauge that is
 * read when scraped takes a `collect` function, e.g.
 * `metrics.gauge({ name: 'oauth_registry_outbox_backlog', help: '…', async collect() { this.set(await count()); } })`.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor() {
    if (!processRegistry.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
  }

  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return this.getOrCreate(config.name, () => new Counter<L>({ ...config, registers: [this.registry] }));
  }

  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return this.getOrCreate(config.name, () => new Gauge<L>({ ...config, registers: [this.registry] }));
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return this.getOrCreate(config.name, () => new Histogram<L>({ ...config, registers: [this.registry] }));
  }

  /** The Prometheus text exposition of this instance's metrics and the process metrics. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([processRegistry, this.registry]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }

  private getOrCreate<M extends Metric>(name: string, create: () => M): M {
    return (this.registry.getSingleMetric(name) as M | undefined) ?? create();
  }
}
