import { ClientActivation, ClientEntity, ClientSnapshotActivatedEvent, ClientSnapshotEntity } from '@app/clients';
import { clientBody } from './factories/client.factory';
import { createTestDatabase, DATABASES, type TestDatabase } from './support/databases';
import { eventually, startTestApp, type TestApp } from './support/test-app';

const SETUPS = '/v2/modules/oauthv2/setups';

/** Two application instances on one PostgreSQL database: every due snapshot is activated and announced once. */
(DATABASES.includes('postgres') ? describe : describe.skip)('two instances on one PostgreSQL database', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    a = await startTestApp('postgres', {}, undefined, db);
    b = await startTestApp('postgres', {}, undefined, db);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await db.drop();
  });

  const activatedEvents = () => [...a.events, ...b.events].filter((e): e is ClientSnapshotActivatedEvent => e instanceof ClientSnapshotActivatedEvent);

  it('activates each of 300 snapshots due at one instant exactly once, through both schedulers', async () => {
    const { setupId } = (await a.http.post(SETUPS).send({ name: 'shared' }).expect(201)).body;
    // Far enough ahead that all 300 are scheduled before it, even on a busy machine.
    const validFrom = new Date(Date.now() + 12_000);
    const scheduledIds: string[] = [];
    // Writes go to both instances, as behind a load balancer.
    for (let i = 0; i < 300; i++) {
      const app = i % 2 ? a : b;
      const { clientId } = (await app.http.post(`${SETUPS}/${setupId}/clients`).send(clientBody()).expect(201)).body;
      const put = await app.http.put(`${SETUPS}/${setupId}/clients/${clientId}`).send(clientBody({ valid_from: validFrom.toISOString() })).expect(200);
      scheduledIds.push(put.body.snapshotId);
    }
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
  });

  it('never announces one activation twice when both instances run the activation at the same moment', async () => {
    const { setupId } = (await a.http.post(SETUPS).send({ name: 'race' }).expect(201)).body;
    const validFrom = new Date(Date.now() + 3_600_000);
    const scheduledIds: string[] = [];
    for (let i = 0; i < 400; i++) {
      const { clientId } = (await a.http.post(`${SETUPS}/${setupId}/clients`).send(clientBody()).expect(201)).body;
      const put = await b.http.put(`${SETUPS}/${setupId}/clients/${clientId}`).send(clientBody({ valid_from: validFrom.toISOString() })).expect(200);
      scheduledIds.push(put.body.snapshotId);
    }
    a.events.length = 0;
    b.events.length = 0;
    // Both instances are told "it is now past valid_from" at once, in small batches so that they interleave.
    const after = new Date(validFrom.getTime() + 1);
    const [byA, byB] = await Promise.all([a.app.get(ClientActivation).activateDue(after, 25), b.app.get(ClientActivation).activateDue(after, 25)]);
    expect(byA + byB).toBe(400);
    const announced = activatedEvents().map((e) => e.snapshotId);
    expect(announced).toHaveLength(400);
    expect(new Set(announced)).toEqual(new Set(scheduledIds));
  });
});
