import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { SETUPS } from './support/paths';

describe.each(DATABASES)('GET /v2/audit on %s', (kind) => {
  let t: TestApp;
  let setupId: string;
  let secrets: string[];
  let aliceClient: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    setupId = (await t.http.post(SETUPS).send({ name: 'audited' }).expect(201)).body.setupId;
    const admins = await t.http.post(`${SETUPS}/${setupId}/clients`).send(clientBody()).expect(201);
    const alices = await t.as('alice').post(`${SETUPS}/${setupId}/clients`).send(clientBody()).expect(201);
    aliceClient = alices.body.clientId;
    await t
      .as('alice')
      .put(`${SETUPS}/${setupId}/clients/${aliceClient}`)
      .send(clientBody({ client_secret: 'a-new-secret-for-alices-client-0123456789' }))
      .expect(200);
    secrets = [admins.body.client_secret, alices.body.client_secret, 'a-new-secret-for-alices-client-0123456789'];
    await eventually(async () => expect((await t.http.get('/v2/audit').expect(200)).body.entries).toHaveLength(4));
  });
  afterAll(() => t.close());

  it('lists who did what to which entity and snapshot, oldest first, without any secret', async () => {
    const res = await t.http.get('/v2/audit').expect(200);
    expect(res.body.entries.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['setup.created', 'test-admin'],
      ['client.created', 'test-admin'],
      ['client.created', 'alice'],
      ['client.updated', 'alice'],
    ]);
    expect(res.body.entries[3]).toMatchObject({
      entityType: 'client',
      entityId: aliceClient,
      setupId,
      snapshotId: expect.any(String),
      occurredAt: expect.any(String),
    });
    expect(res.body.next).toBeNull();
    for (const secret of secrets) expect(JSON.stringify(res.body)).not.toContain(secret);
  });

  it('filters by entity, actor and time, and pages with a cursor and a Link header', async () => {
    expect((await t.http.get('/v2/audit').query({ entityId: aliceClient }).expect(200)).body.entries).toHaveLength(2);
    expect((await t.http.get('/v2/audit').query({ actor: 'alice' }).expect(200)).body.entries).toHaveLength(2);
    const all = (await t.http.get('/v2/audit').expect(200)).body.entries;
    const since = all[2].occurredAt;
    expect((await t.http.get('/v2/audit').query({ since }).expect(200)).body.entries.length).toBeGreaterThanOrEqual(2);
    expect((await t.http.get('/v2/audit').query({ until: all[0].occurredAt }).expect(200)).body.entries).toEqual([]);

    const first = await t.http.get('/v2/audit').query({ limit: 3 }).expect(200);
    expect(first.body.entries).toHaveLength(3);
    expect(first.headers.link).toMatch(/^<\/v2\/audit\?limit=3&cursor=[A-Za-z0-9_-]+>; rel="next"$/);
    const second = await t.http.get('/v2/audit').query({ limit: 3, cursor: first.body.next }).expect(200);
    expect([...first.body.entries, ...second.body.entries].map((e: { eventId: string }) => e.eventId)).toEqual(
      all.map((e: { eventId: string }) => e.eventId),
    );
  });

  it('is for administrators only, and checks its parameters', async () => {
    expect((await t.as('alice').get('/v2/audit')).status).toBe(403);
    expect((await t.as('anonymous').get('/v2/audit')).status).toBe(401);
    const bad = await t.http.get('/v2/audit').query({ since: 'yesterday', cursor: 'nope', limit: 0 }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/limit', '/since']);
    expect((await t.http.get('/v2/audit').query({ cursor: 'bm9wZQ' }).expect(400)).body.errors).toEqual([
      expect.objectContaining({ path: '/cursor' }),
    ]);
  });
});
