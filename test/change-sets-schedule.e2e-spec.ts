import { ChangeSetAppliedEvent } from '@app/change-sets';
import { ClientCreatedEvent, ClientSnapshotActivatedEvent, ClientUpdatedEvent } from '@app/clients';
import { ActivationJob } from '../apps/api/src/scheduling/activation.job';
import { DATABASES } from './support/databases';
import { SETUPS } from './support/paths';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { ShiftedClock } from './support/test-clock';

const HOUR = 3_600_000;

/** A change set scheduled for one instant: the clock is moved past it instead of waiting. */
describe.each(DATABASES)('a scheduled change set on %s', (kind) => {
  const clock = new ShiftedClock();
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, {}, clock);
  });
  afterAll(() => t.close());

  it('puts 50 clients live at exactly the chosen instant, with one event each', async () => {
    const { setupId } = (await t.http.post(SETUPS).send({ name: 'scheduled' }).expect(201)).body;
    const base = `${SETUPS}/${setupId}`;
    await t.http
      .post(`${base}/clients`)
      .send({ client_id: 'existing', redirect_uris: ['https://existing.example.com/cb'] })
      .expect(201);
    const doc = (await t.http.get(`${base}/export`).expect(200)).body;
    doc.clients[0].redirect_uris = ['https://existing.example.com/new'];
    for (let i = 0; i < 49; i++)
      doc.clients.push({
        client_id: `c${String(i).padStart(2, '0')}`,
        redirect_uris: [`https://c${i}.example.com/cb`],
      });
    const at = new Date(Math.ceil((clock.now().getTime() + HOUR) / 60_000) * 60_000);
    const validFrom = at.toISOString();

    const planned = (
      await t.http
        .post(`${base}/plan`)
        .send({ ...doc, valid_from: validFrom })
        .expect(200)
    ).body;
    expect(planned.changes).toHaveLength(50);
    expect(planned.valid_from).toBe(validFrom);
    t.events.length = 0;
    const applied = (
      await t.http
        .post(`${base}/apply`)
        .send({ document: doc, plan_hash: planned.plan_hash, valid_from: validFrom })
        .expect(200)
    ).body;
    expect(applied.changes).toEqual(planned.changes);
    expect(applied.valid_from).toBe(validFrom);
    const written = t.events.filter((e) => e instanceof ClientCreatedEvent || e instanceof ClientUpdatedEvent);
    expect(written).toHaveLength(50);
    expect(written.every((e) => (e as ClientCreatedEvent).validFrom!.toISOString() === validFrom)).toBe(true);
    expect(t.events.filter((e) => e instanceof ChangeSetAppliedEvent)).toHaveLength(1);

    // Nothing of it is in force a millisecond before the instant; all of it at the instant.
    const inForce = async (instant: Date) =>
      (await t.http.get(`${base}/clients?validAt=${instant.toISOString()}&limit=1000`).expect(200)).body.clientIds
        .length;
    expect(await inForce(new Date(at.getTime() - 1))).toBe(1);
    expect(await inForce(at)).toBe(50);
    const before = (await t.http.get(`${base}/export`).expect(200)).body;
    expect(before.clients).toHaveLength(1);
    expect(before.clients[0].redirect_uris).toEqual(['https://existing.example.com/cb']);

    // The scheduler reaches the instant: one activation event per client, all valid from that instant.
    t.events.length = 0;
    clock.advance(at.getTime() - clock.now().getTime() + 10);
    await t.app.get(ActivationJob).run();
    await eventually(() => {
      const activated = t.events.filter((e) => e instanceof ClientSnapshotActivatedEvent);
      expect(activated).toHaveLength(50);
      expect(new Set(activated.map((e) => (e as ClientSnapshotActivatedEvent).entityId)).size).toBe(50);
      expect(activated.every((e) => (e as ClientSnapshotActivatedEvent).validFrom!.toISOString() === validFrom)).toBe(
        true,
      );
    });
    const after = (await t.http.get(`${base}/export`).expect(200)).body;
    expect(after.clients).toHaveLength(50);
    expect(after.clients[0].redirect_uris).toEqual(['https://c0.example.com/cb']);
    expect(after.clients.find((c: { client_id: string }) => c.client_id === 'existing').redirect_uris).toEqual([
      'https://existing.example.com/new',
    ]);

    // Planned again at that instant, the document is what is in force: nothing to do.
    const again = (await t.http.post(`${base}/plan`).send(doc).expect(200)).body;
    expect(again.changes).toEqual([]);
  });

  it('refuses to schedule deletions (they take effect at once)', async () => {
    const { setupId } = (await t.http.post(SETUPS).send({ name: 'prune-scheduled' }).expect(201)).body;
    const base = `${SETUPS}/${setupId}`;
    await t.http
      .post(`${base}/clients`)
      .send({ client_id: 'gone', redirect_uris: ['https://g.example.com/cb'] })
      .expect(201);
    const doc = { setup: { name: 'prune-scheduled' }, clients: [], prune: true };
    const res = await t.http
      .post(`${base}/plan`)
      .send({ ...doc, valid_from: new Date(clock.now().getTime() + HOUR).toISOString() })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/prune' })]);
    const now = (await t.http.post(`${base}/plan`).send(doc).expect(200)).body;
    expect(now.changes).toEqual([{ action: 'delete', kind: 'client', key: 'gone', patch: [] }]);
  });
});
