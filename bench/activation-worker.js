'use strict';

/**
 * One phase of bench/activation.bench.js, in a process of its own so that its memory is its own:
 *   node bench/activation-worker.js seed     <db-json> <clients>   seeds clients with a snapshot due at DUE
 *   node bench/activation-worker.js seed-active <db-json> <clients> seeds clients with only an active snapshot
 *   node bench/activation-worker.js activate <db-json> <clients>   the service activates everything due
 *   node bench/activation-worker.js floor    <db-json> <clients>   the same state change as two bulk SQL statements
 * Prints one JSON line with the measurements.
 */

const path = require('node:path');
const { DIST } = require('./lib/registry');
const { seed } = require('./lib/seed');

const T0 = Date.parse('2026-06-01T00:00:00.000Z');
const DUE = T0 + 3_600_000;

async function main() {
  const [phase, dbJson, clientsArg] = process.argv.slice(2);
  const db = JSON.parse(dbJson);
  const clients = Number(clientsArg);
  require(path.join(DIST, '..', 'node_modules', 'reflect-metadata'));
  const { NestFactory } = require(path.join(DIST, '..', 'node_modules', '@nestjs', 'core'));
  const core = require(path.join(DIST, 'libs', 'core', 'src', 'index.js'));
  const { AppModule } = require(path.join(DIST, 'apps', 'api', 'src', 'app.module.js'));
  const { ClientActivation } = require(path.join(DIST, 'libs', 'clients', 'src', 'index.js'));
  const { DataSource } = require(path.join(DIST, '..', 'node_modules', 'typeorm'));

  // The clock stands before DUE, so the scheduler of this process leaves the snapshots alone
  // until the benchmark asks for their activation.
  class BeforeDue extends core.Clock {
    now() {
      return new Date(T0);
    }
  }
  // BENCH_NATS_URL: the activations also go through the outbox to a stream of this run's own.
  const nats =
    process.env.BENCH_NATS_URL && phase === 'activate'
      ? {
          NATS_URL: process.env.BENCH_NATS_URL,
          NATS_STREAM: `BENCH_${process.pid}`,
          NATS_SUBJECT_PREFIX: `bench-${process.pid}`,
        }
      : {};
  const config = core.loadConfig({ ...process.env, ...db.env, ...nats, LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, new BeforeDue()), {
    logger: ['error', 'warn'],
  });
  await app.init();
  const dataSource = app.get(DataSource);

  if (phase === 'seed' || phase === 'seed-active') {
    const started = Date.now();
    const { setupId } = await seed((sql) => dataSource.query(sql), {
      clients,
      createdAt: T0,
      scheduledAt: phase === 'seed' ? DUE : undefined,
    });
    if (dataSource.options.type === 'postgres') await dataSource.query('ANALYZE');
    print({ phase, setupId, seeded: clients, seedMs: Date.now() - started });
  } else {
    if (global.gc) global.gc();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    // Every 20 ms: process.memoryUsage() costs about 0.1 ms, which every 5 ms was 2 % of the service's CPU.
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 20);
    const started = process.hrtime.bigint();
    let activated;
    if (phase === 'activate') {
      activated = await app.get(ClientActivation).activateDue(new Date(DUE + 1));
    } else {
      activated = await dataSource.transaction(async (em) => {
        // Fresh statistics first, as the service does on a mass activation (a no-op cost on SQLite).
        if (dataSource.options.type === 'postgres') await em.query('ANALYZE client_snapshot, client');
        const due = `SELECT id, client_id FROM client_snapshot WHERE state = 'scheduled' AND valid_from <= ${DUE + 1}`;
        await em.query(
          `UPDATE client SET active_snapshot_id = d.id, revision = revision + 1 FROM (${due}) AS d WHERE client.id = d.client_id`,
        );
        const result = await em.query(
          `UPDATE client_snapshot SET state = 'settled' WHERE state = 'scheduled' AND valid_from <= ${DUE + 1}`,
        );
        return Array.isArray(result) ? result[1] : undefined;
      });
    }
    const activationMs = Number(process.hrtime.bigint() - started) / 1e6;
    // The audit trail follows the events; wait until every activation is recorded.
    let auditedMs = null;
    if (phase === 'activate') {
      for (;;) {
        const [{ n }] = await dataSource.query(
          "SELECT COUNT(*) AS n FROM audit_entry WHERE action = 'client.snapshot-activated'",
        );
        if (Number(n) >= clients) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      auditedMs = Number(process.hrtime.bigint() - started) / 1e6;
    }
    // With NATS: until the relay has published every event (the outbox holds no unpublished row).
    let publishedMs = null;
    if (nats.NATS_URL) {
      for (;;) {
        const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NULL');
        if (Number(n) === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      publishedMs = Number(process.hrtime.bigint() - started) / 1e6;
    }
    clearInterval(sampler);
    const [{ n: active }] = await dataSource.query(
      `SELECT COUNT(*) AS n FROM client_snapshot WHERE state = 'settled' AND valid_from = ${DUE}`,
    );
    const [{ n: pointed }] = await dataSource.query(
      'SELECT COUNT(*) AS n FROM client c JOIN client_snapshot s ON s.id = c.active_snapshot_id WHERE s.valid_from = ' +
        DUE,
    );
    print({
      phase,
      activated: activated ?? Number(active),
      verified: { activeAtDue: Number(active), clientsPointingAtThem: Number(pointed) },
      activationMs,
      auditedMs,
      publishedMs,
      memory: {
        baselineRssMb: mb(baseline.rss),
        peakRssMb: mb(peakRss),
        peakHeapUsedMb: mb(peakHeap),
        maxRssOfProcessMb: Math.round(process.resourceUsage().maxRSS / 1024),
      },
    });
  }
  await app.close();
  if (nats.NATS_URL) {
    const fromRoot = (name) => require(require.resolve(name, { paths: [path.join(DIST, '..')] }));
    const { connect } = fromRoot('@nats-io/transport-node');
    const { jetstreamManager } = fromRoot('@nats-io/jetstream');
    const nc = await connect({ servers: nats.NATS_URL });
    await (await jetstreamManager(nc)).streams.delete(nats.NATS_STREAM);
    await nc.close();
  }
}

const mb = (bytes) => Math.round(bytes / 1024 / 1024);
const print = (result) => process.stdout.write(`${JSON.stringify(result)}\n`);

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
