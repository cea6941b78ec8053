import { AuditEntryEntity } from '@app/audit';
import { SetupCreatedEvent, SetupSnapshotEntity } from '@app/setups';
import { DATABASES } from './support/databases';
import { eventually, startTestApp, type TestApp } from './support/test-app';

const HEX32 = /^[0-9a-f]{32}$/;
const SETUPS = '/v2/modules/oauthv2/setups';

describe.each(DATABASES)('setups on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  const fullSetup = {
    name: 'Retail banking',
    owner: 'security-team',
    comment: 'Authorization server of the retail apps.',
    metadata: [{ name: 'region', value: 'EU', locale: 'en' }],
    client_defaults: { grant_types: ['authorization_code', 'refresh_token'], access_token_ttl: 600, force_reauthentication: false },
    resource_server_defaults: { policy_authorization_code_flow: 'consent_required', policy_refresh_token: 'no_consent' },
  };

  it('creates a setup, answers its id and Location, and reads it back', async () => {
    t.events.length = 0;
    const res = await t.http.post(SETUPS).send(fullSetup).expect(201);
    expect(res.body).toEqual({ setupId: expect.stringMatching(HEX32) });
    const { setupId } = res.body;
    expect(res.headers.location).toBe(`${SETUPS}/${setupId}`);

    const read = await t.http.get(`${SETUPS}/${setupId}`).expect(200);
    expect(read.body).toEqual({ setupId, snapshotId: expect.stringMatching(HEX32), valid_from: expect.any(String), ...fullSetup });
    expect(Math.abs(Date.parse(read.body.valid_from) - Date.now())).toBeLessThan(10_000);

    const event = t.events.find((e): e is SetupCreatedEvent => e instanceof SetupCreatedEvent);
    expect(event).toMatchObject({ setupId, snapshotId: read.body.snapshotId, actor: 'anonymous' });
    await eventually(async () => {
      await expect(t.dataSource.getRepository(AuditEntryEntity).findOneByOrFail({ entityId: setupId })).resolves.toMatchObject({
        action: 'setup.created',
        entityType: 'setup',
        snapshotId: read.body.snapshotId,
      });
    });
  });

  it('lists setups in force now, filtered by name and owner', async () => {
    const a = (await t.http.post(SETUPS).send({ name: 'list-a', owner: 'o1' }).expect(201)).body.setupId;
    const b = (await t.http.post(SETUPS).send({ name: 'list-b', owner: 'o1' }).expect(201)).body.setupId;
    const all = await t.http.get(SETUPS).expect(200);
    expect(all.body.setupIds).toEqual(expect.arrayContaining([a, b]));
    expect((await t.http.get(SETUPS).query({ name: 'list-a' }).expect(200)).body).toEqual({ setupIds: [a] });
    expect((await t.http.get(SETUPS).query({ owner: 'o1' }).expect(200)).body.setupIds.sort()).toEqual([a, b].sort());
    expect((await t.http.get(SETUPS).query({ owner: 'nobody' }).expect(200)).body).toEqual({ setupIds: [] });
  });

  it('keeps a scheduled setup out of reads until its valid_from', async () => {
    const validFrom = new Date(Date.now() + 3_600_000);
    const { setupId } = (await t.http.post(SETUPS).send({ name: 'scheduled', valid_from: validFrom.toISOString() }).expect(201)).body;

    const read = await t.http.get(`${SETUPS}/${setupId}`).expect(404);
    expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(read.body).toMatchObject({ code: 'NOT_YET_VALID', valid_from: validFrom.toISOString() });

    expect((await t.http.get(SETUPS).query({ name: 'scheduled' }).expect(200)).body).toEqual({ setupIds: [] });
    expect((await t.http.get(SETUPS).query({ name: 'scheduled', validAt: 'any' }).expect(200)).body).toEqual({ setupIds: [setupId] });
    const later = new Date(validFrom.getTime() + 1000).toISOString();
    expect((await t.http.get(SETUPS).query({ name: 'scheduled', validAt: later }).expect(200)).body).toEqual({ setupIds: [setupId] });
    const snapshot = await t.dataSource.getRepository(SetupSnapshotEntity).findOneByOrFail({ ownerId: setupId });
    expect(snapshot.state).toBe('scheduled');
  });

  it('answers 404 SETUP_NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of ['0123456789abcdef0123456789abcdef', 'x']) {
      const res = await t.http.get(`${SETUPS}/${id}`).expect(404);
      expect(res.body).toMatchObject({ code: 'SETUP_NOT_FOUND', status: 404 });
    }
  });

  it('answers 404 MODULE_NOT_FOUND for another module', async () => {
    for (const res of [await t.http.get('/v2/modules/saml/setups'), await t.http.post('/v2/modules/saml/setups').send({})]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('MODULE_NOT_FOUND');
    }
  });

  it('rejects an invalid setup body with a pointer to each broken field and stores nothing', async () => {
    const before = await t.dataSource.getRepository(SetupSnapshotEntity).count();
    const res = await t.http.post(SETUPS).send({
      name: 'x'.repeat(256),
      client_defaults: { grant_types: ['magic'], access_token_ttl: -1 },
      resource_server_defaults: { policy_refresh_token: 'sometimes' },
      extra: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['/name', '/client_defaults/grant_types', '/client_defaults/access_token_ttl', '/resource_server_defaults/policy_refresh_token', '/extra'].sort(),
    );
    expect(await t.dataSource.getRepository(SetupSnapshotEntity).count()).toBe(before);
  });

  it('answers 400 for a validAt that is not an instant', async () => {
    const res = await t.http.get(SETUPS).query({ validAt: 'yesterday' }).expect(400);
    expect(res.body.errors).toEqual([{ path: '/validAt', message: expect.stringContaining('ISO-8601') }]);
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const res = await t.http.get('/v2/nothing-here').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('reports readiness from the database', async () => {
    await t.http.get('/health/live').expect(200, { status: 'ok' });
    await t.http.get('/health/ready').expect(200, { status: 'ok' });
  });
});
