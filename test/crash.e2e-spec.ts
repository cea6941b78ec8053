import { clientBody } from './factories/client.factory';
import { createTestDatabase, DATABASES, type TestDatabase } from './support/databases';
import { type DbProbe, openProbe } from './support/db-probe';
import { type StreamMessage, testStream, type TestStream } from './support/nats';
import { ADMIN_AUTH, ensureBuilt, type ServiceProcess, startService } from './support/killable-service';
import { eventually } from './support/test-app';
import { SETUPS } from './support/paths';

function post(service: ServiceProcess, path: string, body: unknown): Promise<Response> {
  return fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: { authorization: ADMIN_AUTH, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** How many times each value occurs. */
function tally(values: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

/** Runs `workers` loops of `request` until the service dies under them; returns what they were told. */
async function loadUntilKilled(
  workers: number,
  request: () => Promise<Response>,
  onAck: (body: Record<string, string>) => void,
): Promise<void> {
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (;;) {
        let body: Record<string, string>;
        try {
          const res = await request();
          if (res.status !== 201) throw new Error(`unexpected ${res.status}: ${await res.text()}`);
          body = (await res.json()) as Record<string, string>;
        } catch (err) {
          // The process is gone (fetch fails with a TypeError, of Node's realm rather than jest's): this
          // request's outcome is unknown to the caller, as it would be to any client.
          if ((err as Error).name === 'TypeError') return;
          throw err;
        }
        onAck(body);
      }
    }),
  );
}

/**
 * The service as a real process (the build that `npm start` runs), killed with SIGKILL at a bad moment
 * and started again: whatever it acknowledged, or committed, is in the database once and on the
 * stream once.
 */
describe.each(DATABASES)('kill -9 of the service on %s', (kind) => {
  let db: TestDatabase;
  let stream: TestStream;
  let probe: DbProbe;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase(kind);
    stream = testStream();
  }, 120_000);
  afterEach(async () => {
    await service?.kill9();
    await probe?.close();
  });
  afterAll(async () => {
    await stream.drop();
    await db.drop();
  });

  const count = async (sql: string) => Number((await probe.rows<{ n: string | number }>(sql))[0].n);
  /** Waits until nothing is due and nothing waits in the outbox, then reads the stream. */
  async function settled(): Promise<StreamMessage[]> {
    await eventually(async () => {
      expect(await count("SELECT COUNT(*) AS n FROM client_snapshot WHERE state = 'scheduled'")).toBe(0);
      expect(await count('SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NULL')).toBe(0);
    }, 60_000);
    return stream.read();
  }
  /** Every stored event is on the stream exactly once. */
  async function expectStreamMatchesOutbox(messages: StreamMessage[]): Promise<void> {
    const msgIds = messages.map((m) => m.msgId);
    expect([...tally(msgIds).values()].every((n) => n === 1)).toBe(true);
    const stored = await probe.rows<{ event_id: string }>('SELECT event_id FROM outbox');
    expect(new Set(msgIds)).toEqual(new Set(stored.map((r) => r.event_id)));
  }

  it('keeps every acknowledged create, once in the database and once on the stream, through a kill -9 under load', async () => {
    service = await startService(db, stream.config);
    probe = await openProbe(db);
    const { setupId } = (await (await post(service, SETUPS, { name: 'under load' })).json()) as { setupId: string };
    const acked: string[] = [];
    const running = service;
    const load = loadUntilKilled(
      16,
      () => post(running, `${SETUPS}/${setupId}/clients`, clientBody()),
      (body) => acked.push(body.clientId),
    );
    await eventually(() => expect(acked.length).toBeGreaterThanOrEqual(300), 60_000);
    await service.kill9();
    await load;

    service = await startService(db, stream.config);
    const messages = await settled();

    const clients = await probe.rows<{ id: string }>(`SELECT id FROM client WHERE setup_id = '${setupId}'`);
    const stored = new Set(clients.map((c) => c.id));
    // Every acknowledged client exists; requests cut off by the kill may or may not have committed.
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acked.length);
    const audited = await probe.rows<{ entity_id: string }>(
      "SELECT entity_id FROM audit_entry WHERE action = 'client.created'",
    );
    expect(tally(audited.map((a) => a.entity_id))).toEqual(new Map([...stored].map((id) => [id, 1])));
    // On the stream: one client.created per stored client, whatever the kill interrupted.
    const created = messages.filter((m) => m.payload.type === 'client.created').map((m) => m.payload.entityId);
    expect(tally(created)).toEqual(new Map([...stored].map((id) => [id, 1])));
    await expectStreamMatchesOutbox(messages);
  });

  it('activates every due snapshot once, in the database and on the stream, through a kill -9 in the middle of an activation batch', async () => {
    service = await startService(db, stream.config);
    probe = await openProbe(db);
    const { setupId } = (await (await post(service, SETUPS, { name: 'mass activation' })).json()) as {
      setupId: string;
    };
    // Clients whose first configuration is scheduled; 3,000 activations are three batches of 1,000.
    const total = 3000;
    const far = new Date(Date.now() + 3_600_000).toISOString();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next++ < total) {
          const res = await post(service!, `${SETUPS}/${setupId}/clients`, clientBody({ valid_from: far }));
          expect(res.status).toBe(201);
        }
      }),
    );
    await service.stop();
    // While the service is down, their instant passes: all of them are due at once when it starts.
    const due = Date.now() - 1000;
    await probe.run(`UPDATE client_snapshot SET valid_from = ${due} WHERE state = 'scheduled'`);
    const scheduled = await probe.rows<{ id: string; client_id: string }>(
      "SELECT id, client_id FROM client_snapshot WHERE state = 'scheduled'",
    );
    expect(scheduled).toHaveLength(total);

    // It starts activating at once; as soon as the first batch has committed, it is killed.
    service = await startService(db, stream.config, { waitReady: false });
    let remaining = total;
    await eventually(async () => {
      remaining = await count("SELECT COUNT(*) AS n FROM client_snapshot WHERE state = 'scheduled'");
      expect(remaining).toBeLessThan(total);
    }, 60_000);
    await service.kill9();
    remaining = await count("SELECT COUNT(*) AS n FROM client_snapshot WHERE state = 'scheduled'");
    // The kill came in the middle: some activations were left for the restart.
    expect(remaining).toBeGreaterThan(0);

    service = await startService(db, stream.config);
    const messages = await settled();

    const active = await probe.rows<{ id: string; active_snapshot_id: string }>(
      `SELECT id, active_snapshot_id FROM client WHERE setup_id = '${setupId}'`,
    );
    expect(new Map(active.map((c) => [c.id, c.active_snapshot_id]))).toEqual(
      new Map(scheduled.map((s) => [s.client_id, s.id])),
    );
    const audited = await probe.rows<{ entity_id: string }>(
      "SELECT entity_id FROM audit_entry WHERE action = 'client.snapshot-activated'",
    );
    expect(tally(audited.map((a) => a.entity_id))).toEqual(new Map(scheduled.map((s) => [s.client_id, 1])));
    const activated = messages.filter((m) => m.payload.type === 'client.snapshot-activated');
    expect(tally(activated.map((m) => m.payload.entityId))).toEqual(new Map(scheduled.map((s) => [s.client_id, 1])));
    expect(new Map(activated.map((m) => [m.payload.entityId, m.payload.snapshotId]))).toEqual(
      new Map(scheduled.map((s) => [s.client_id, s.id])),
    );
    await expectStreamMatchesOutbox(messages);
  });
});
