import { ClientActivation, ClientEntity, ClientSnapshotActivatedEvent, ClientSnapshotEntity } from '@app/clients';
import { OutboxRelay } from '@app/core';
import { clientBody } from './factories/client.factory';
import { createTestDatabase, DATABASES, type TestDatabase } from './support/databases';
import { type StreamMessage, testStream, type TestStream } from './support/nats';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { SETUPS } from './support/paths';

/**
 * Two application instances on one PostgreSQL database, both publishing to one NATS stream: every due
 * snapshot is activated and announced once, and every event is published once, by one of them.
 */
(DATABASES.includes('postgres') ? describe : describe.skip)('two instances on one PostgreSQL database', () => {
  let db: TestDatabase;
  let stream: TestStream;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    stream = testStream();
    a = await startTestApp('postgres', { outbox: stream.config }, undefined, db);
    b = await startTestApp('postgres', { outbox: stream.config }, undefined, db);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await db.drop();
    await stream.drop();
  });

  const activatedEvents = () =>
    [...a.events, ...b.events].filter(
      (e): e is ClientSnapshotActivatedEvent => e instanceof ClientSnapshotActivatedEvent,
    );

  /** Schedules one change per client for `validFrom`, writing to both instances concurrently, as behind a load balancer. */
  async function scheduleClients(setupId: string, count: number, validFrom: Date): Promise<string[]> {
    const scheduledIds: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = worker; i < count; i += 8) {
          const [writer, editor] = i % 2 ? [a, b] : [b, a];
          const { clientId } = (await writer.http.post(`${SETUPS}/${setupId}/clients`).send(clientBody()).expect(201))
            .body;
          const put = await editor.http
            .put(`${SETUPS}/${setupId}/clients/${clientId}`)
            .send(clientBody({ valid_from: validFrom.toISOString() }))
            .expect(200);
          scheduledIds.push(put.body.snapshotId);
        }
      }),
    );
    return scheduledIds;
  }

  /** Each entity's event ids, in the order given. */
  const perEntity = (items: Array<{ entity: string; id: string }>) => {
    const out = new Map<string, string[]>();
    for (const { entity, id } of items) out.set(entity, [...(out.get(entity) ?? []), id]);
    return out;
  };

  /**
   * Once both relays are done: every stored event is on the stream exactly once, each entity's in the
   * order they were stored, whichever instance wrote or published them; and neither relay sent one twice.
   */
  async function publishedOnce(): Promise<StreamMessage[]> {
    await eventually(async () => expect(await a.app.get(OutboxRelay).backlog()).toBe(0), 20_000);
    const messages = await stream.read();
    const ids = messages.map((m) => m.msgId);
    expect(new Set(ids).size).toBe(ids.length);
    const stored: Array<{ event_id: string; entity_id: string }> = await a.dataSource.query(
      'SELECT event_id, entity_id FROM outbox ORDER BY seq',
    );
    expect(new Set(ids)).toEqual(new Set(stored.map((r) => r.event_id)));
    expect(perEntity(messages.map((m) => ({ entity: m.payload.entityId, id: m.msgId })))).toEqual(
      perEntity(stored.map((r) => ({ entity: r.entity_id, id: r.event_id }))),
    );
    expect(a.app.get(OutboxRelay).stats().duplicates + b.app.get(OutboxRelay).stats().duplicates).toBe(0);
    return messages;
  }

  it('activates each of 300 snapshots due at one instant exactly once, through both schedulers, and publishes each activation once', async () => {
    const { setupId } = (await a.http.post(SETUPS).send({ name: 'shared' }).expect(201)).body;
    // Far enough ahead that all 300 are scheduled before it, even on a busy machine.
    const validFrom = new Date(Date.now() + 12_000);
    const scheduledIds = await scheduleClients(setupId, 300, validFrom);
    expect(Date.now()).toBeLessThan(validFrom.getTime());
    a.events.length = 0;
    b.events.length = 0;

    await eventually(() => expect(activatedEvents()).toHaveLength(300), 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    const announced = activatedEvents().map((e) => e.snapshotId);
    expect(announced).toHaveLength(300);
    expect(new Set(announced)).toEqual(new Set(scheduledIds));
    const clients = await a.dataSource.getRepository(ClientEntity).find();
    expect(clients.filter((c) => scheduledIds.includes(c.activeSnapshotId!))).toHaveLength(300);
    expect(await a.dataSource.getRepository(ClientSnapshotEntity).countBy({ state: 'scheduled' })).toBe(0);

    const messages = await publishedOnce();
    const activated = messages
      .filter((m) => m.payload.type === 'client.snapshot-activated')
      .map((m) => m.payload.snapshotId);
    expect(activated).toHaveLength(300);
    expect(new Set(activated)).toEqual(new Set(scheduledIds));
    // Both instances took part in publishing.
    expect(a.app.get(OutboxRelay).stats().published).toBeGreaterThan(0);
    expect(b.app.get(OutboxRelay).stats().published).toBeGreaterThan(0);
  });

  it('one instance alone activates each of 200 due snapshots once, two batches at a time, and publishes each once', async () => {
    const { setupId } = (await a.http.post(SETUPS).send({ name: 'lanes' }).expect(201)).body;
    const validFrom = new Date(Date.now() + 3_600_000);
    const scheduledIds = await scheduleClients(setupId, 200, validFrom);
    a.events.length = 0;
    b.events.length = 0;
    // Batches of 10 after a full first one: the lanes race for the rest and skip each other's rows.
    expect(await a.app.get(ClientActivation).activateDue(new Date(validFrom.getTime() + 1), 10)).toBe(200);
    const announced = activatedEvents().map((e) => e.snapshotId);
    expect(announced.sort()).toEqual([...scheduledIds].sort());
    expect(await a.dataSource.getRepository(ClientSnapshotEntity).countBy({ state: 'scheduled' })).toBe(0);
    const activated = (await publishedOnce()).filter(
      (m) => m.payload.type === 'client.snapshot-activated' && m.payload.setupId === setupId,
    );
    expect(activated.map((m) => m.payload.snapshotId).sort()).toEqual([...scheduledIds].sort());
  });

  it('never announces or publishes one activation twice when both instances run the activation at the same moment', async () => {
    const { setupId } = (await a.http.post(SETUPS).send({ name: 'race' }).expect(201)).body;
    const validFrom = new Date(Date.now() + 3_600_000);
    const scheduledIds = await scheduleClients(setupId, 400, validFrom);
    a.events.length = 0;
    b.events.length = 0;
    // Both instances are told "it is now past valid_from" at once, in small batches so that they interleave.
    const after = new Date(validFrom.getTime() + 1);
    const [byA, byB] = await Promise.all([
      a.app.get(ClientActivation).activateDue(after, 25),
      b.app.get(ClientActivation).activateDue(after, 25),
    ]);
    expect(byA + byB).toBe(400);
    const announced = activatedEvents().map((e) => e.snapshotId);
    expect(announced).toHaveLength(400);
    expect(new Set(announced)).toEqual(new Set(scheduledIds));

    const activated = (await publishedOnce()).filter(
      (m) => m.payload.type === 'client.snapshot-activated' && m.payload.setupId === setupId,
    );
    expect(activated.map((m) => m.payload.snapshotId).sort()).toEqual([...scheduledIds].sort());
  });
});
