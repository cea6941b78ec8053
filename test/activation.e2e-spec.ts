import { AuditEntryEntity } from '@app/audit';
import { ClientEntity, ClientSnapshotActivatedEvent, ClientSnapshotEntity } from '@app/clients';
import { SetupSnapshotActivatedEvent } from '@app/setups';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { SETUPS } from './support/paths';

/** Real time, real scheduler: a change scheduled two seconds ahead takes effect on its own. */
describe.each(DATABASES)('scheduled activation on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  it('switches GET within a second of valid_from and announces the activation once', async () => {
    const { setupId } = (await t.http.post(SETUPS).send({ name: 'realtime' }).expect(201)).body;
    const clients = `${SETUPS}/${setupId}/clients`;
    const { clientId } = (
      await t.http
        .post(clients)
        .send(clientBody({ redirect_uris: ['https://old.example.com/cb'] }))
        .expect(201)
    ).body;
    const first = (await t.http.get(`${clients}/${clientId}`).expect(200)).body;

    const validFrom = new Date(Date.now() + 2000);
    const scheduled = await t.http
      .put(`${clients}/${clientId}`)
      .send(clientBody({ redirect_uris: ['https://new.example.com/cb'], valid_from: validFrom.toISOString() }))
      .expect(200);
    expect(scheduled.body).toMatchObject({ state: 'scheduled', valid_from: validFrom.toISOString() });
    t.events.length = 0;

    // Before valid_from: the old configuration, every time.
    while (Date.now() < validFrom.getTime() - 150) {
      const read = await t.http.get(`${clients}/${clientId}`).expect(200);
      expect(read.body.redirect_uris).toEqual(['https://old.example.com/cb']);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, validFrom.getTime() - Date.now())));

    // Within one second after it: the new one.
    let switchedAt = 0;
    await eventually(async () => {
      const read = await t.http.get(`${clients}/${clientId}`).expect(200);
      expect(read.body.redirect_uris).toEqual(['https://new.example.com/cb']);
      switchedAt = Date.now();
    }, 1000);
    expect(switchedAt - validFrom.getTime()).toBeLessThan(1000);

    await eventually(() => {
      const activated = t.events.filter((e) => e instanceof ClientSnapshotActivatedEvent);
      expect(activated).toEqual([
        expect.objectContaining({
          setupId,
          entityId: clientId,
          snapshotId: scheduled.body.snapshotId,
          validFrom,
          previousSnapshotId: first.snapshotId,
          actor: 'scheduler',
        }),
      ]);
    }, 1000);
    // Recorded, and not announced again on later ticks.
    await new Promise((r) => setTimeout(r, 1200));
    expect(t.events.filter((e) => e instanceof ClientSnapshotActivatedEvent)).toHaveLength(1);
    const rows = await t.dataSource
      .getRepository(ClientSnapshotEntity)
      .find({ where: { ownerId: clientId }, order: { validFrom: 'ASC' } });
    expect(rows.map((r) => r.state)).toEqual(['settled', 'settled']);
    expect((await t.dataSource.getRepository(ClientEntity).findOneByOrFail({ id: clientId })).activeSnapshotId).toBe(
      scheduled.body.snapshotId,
    );
    const audit = await t.dataSource
      .getRepository(AuditEntryEntity)
      .findBy({ entityId: clientId, action: 'client.snapshot-activated' });
    expect(audit).toEqual([expect.objectContaining({ actor: 'scheduler', snapshotId: scheduled.body.snapshotId })]);
  });

  it('activates a setup created for a future instant, which until then answers NOT_YET_VALID', async () => {
    const validFrom = new Date(Date.now() + 1500);
    const { setupId } = (
      await t.http.post(SETUPS).send({ name: 'later', valid_from: validFrom.toISOString() }).expect(201)
    ).body;
    expect((await t.http.get(`${SETUPS}/${setupId}`).expect(404)).body.code).toBe('NOT_YET_VALID');
    await new Promise((r) => setTimeout(r, Math.max(0, validFrom.getTime() - Date.now())));
    await eventually(async () => {
      await t.http.get(`${SETUPS}/${setupId}`).expect(200);
      expect(t.events.filter((e) => e instanceof SetupSnapshotActivatedEvent && e.setupId === setupId)).toHaveLength(1);
    }, 1000);
  });
});
