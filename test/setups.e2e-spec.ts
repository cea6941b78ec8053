import { AuditEntryEntity } from '@app/audit';
import { SetupCreatedEvent, SetupDeletedEvent, SetupSnapshotEntity, SetupUpdatedEvent } from '@app/setups';
import { DATABASES } from './support/databases';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { SETUPS } from './support/paths';

const HEX32 = /^[0-9a-f]{32}$/;

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
    client_defaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      access_token_ttl: 600,
      force_reauthentication: false,
    },
    resource_server_defaults: {
      scope_policy_authorization_code_flow: 'consent_required',
      scope_policy_refresh_token: 'no_consent',
    },
  };

  it('creates a setup, answers its id and Location, and reads it back', async () => {
    t.events.length = 0;
    const res = await t.http.post(SETUPS).send(fullSetup).expect(201);
    expect(res.body).toEqual({ setupId: expect.stringMatching(HEX32) });
    const { setupId } = res.body;
    expect(res.headers.location).toBe(`${SETUPS}/${setupId}`);

    const read = await t.http.get(`${SETUPS}/${setupId}`).expect(200);
    expect(read.body).toEqual({
      setupId,
      snapshotId: expect.stringMatching(HEX32),
      valid_from: expect.any(String),
      ...fullSetup,
    });
    expect(Math.abs(Date.parse(read.body.valid_from) - Date.now())).toBeLessThan(10_000);

    const event = t.events.find((e): e is SetupCreatedEvent => e instanceof SetupCreatedEvent);
    expect(event).toMatchObject({ setupId, snapshotId: read.body.snapshotId, actor: 'test-admin' });
    await eventually(async () => {
      await expect(
        t.dataSource.getRepository(AuditEntryEntity).findOneByOrFail({ entityId: setupId }),
      ).resolves.toMatchObject({
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
    const { setupId } = (
      await t.http.post(SETUPS).send({ name: 'scheduled', valid_from: validFrom.toISOString() }).expect(201)
    ).body;

    const read = await t.http.get(`${SETUPS}/${setupId}`).expect(404);
    expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(read.body).toMatchObject({ code: 'NOT_YET_VALID', valid_from: validFrom.toISOString() });

    expect((await t.http.get(SETUPS).query({ name: 'scheduled' }).expect(200)).body).toEqual({ setupIds: [] });
    expect((await t.http.get(SETUPS).query({ name: 'scheduled', validAt: 'any' }).expect(200)).body).toEqual({
      setupIds: [setupId],
    });
    const later = new Date(validFrom.getTime() + 1000).toISOString();
    expect((await t.http.get(SETUPS).query({ name: 'scheduled', validAt: later }).expect(200)).body).toEqual({
      setupIds: [setupId],
    });
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
    for (const res of [
      await t.http.get('/v2/modules/saml/setups'),
      await t.http.post('/v2/modules/saml/setups').send({}),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('MODULE_NOT_FOUND');
    }
  });

  it('rejects an invalid setup body with a pointer to each broken field and stores nothing', async () => {
    const before = await t.dataSource.getRepository(SetupSnapshotEntity).count();
    const res = await t.http.post(SETUPS).send({
      name: 'x'.repeat(256),
      client_defaults: { grant_types: ['magic'], access_token_ttl: -1 },
      resource_server_defaults: { scope_policy_refresh_token: 'sometimes' },
      extra: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      [
        '/name',
        '/client_defaults/grant_types',
        '/client_defaults/access_token_ttl',
        '/resource_server_defaults/scope_policy_refresh_token',
        '/extra',
      ].sort(),
    );
    expect(await t.dataSource.getRepository(SetupSnapshotEntity).count()).toBe(before);
  });

  it('requires a name that is not blank, on create and on a full replacement, and stores nothing without one', async () => {
    const before = await t.dataSource.getRepository(SetupSnapshotEntity).count();
    for (const [body, message] of [
      [{}, 'name is required'],
      [{ owner: 'security-team' }, 'name is required'],
      [{ name: null }, 'name is required'],
      [{ name: 7 }, 'name must be a string'],
      [{ name: '' }, 'name must not be blank'],
      [{ name: '   ' }, 'name must not be blank'],
    ] as const) {
      const res = await t.http.post(SETUPS).send(body);
      expect([res.status, res.body.code]).toEqual([400, 'INVALID_REQUEST']);
      expect(res.body.errors).toEqual([{ path: '/name', message }]);
    }
    const { setupId } = (await t.http.post(SETUPS).send({ name: 'named' }).expect(201)).body;
    const put = await t.http.put(`${SETUPS}/${setupId}`).send({ comment: 'no name' });
    expect([put.status, put.body.errors?.[0]?.path]).toEqual([400, '/name']);
    expect(await t.dataSource.getRepository(SetupSnapshotEntity).count()).toBe(before + 1);
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

  describe('versioning', () => {
    const put = (setupId: string, body: Record<string, unknown>, headers: Record<string, string> = {}, query = '') =>
      t.http.put(`${SETUPS}/${setupId}${query}`).set(headers).send(body);
    const later = (ms: number) => new Date(Date.now() + ms).toISOString();

    it('schedules a full replacement, keeps serving the active one, lists both and reads each with its state', async () => {
      const created = await t.http.post(SETUPS).send({ name: 'v1', owner: 'team', comment: 'first' }).expect(201);
      const { setupId } = created.body;
      const first = await t.http.get(`${SETUPS}/${setupId}`).expect(200);
      expect(first.headers.etag).toBe('"1"');

      t.events.length = 0;
      const validFrom = later(3_600_000);
      const scheduled = await put(
        setupId,
        { name: 'v2', valid_from: validFrom },
        { 'If-Match': first.headers.etag },
      ).expect(200);
      expect(scheduled.body).toMatchObject({ setupId, name: 'v2', state: 'scheduled', valid_from: validFrom });
      expect(scheduled.body).not.toHaveProperty('owner');
      expect(scheduled.headers.etag).toBe('"2"');
      expect(t.events).toEqual([
        expect.objectContaining({
          constructor: SetupUpdatedEvent,
          change: 'snapshot-added',
          snapshotId: scheduled.body.snapshotId,
        }),
      ]);

      expect((await t.http.get(`${SETUPS}/${setupId}`).expect(200)).body).toMatchObject({
        name: 'v1',
        owner: 'team',
        snapshotId: first.body.snapshotId,
      });
      const ids = (await t.http.get(`${SETUPS}/${setupId}/snapshots`).expect(200)).body.snapshotIds;
      expect(ids).toEqual([first.body.snapshotId, scheduled.body.snapshotId]);
      expect(
        (await t.http.get(`${SETUPS}/${setupId}/snapshots`).query({ validAt: validFrom }).expect(200)).body,
      ).toEqual({ snapshotIds: [scheduled.body.snapshotId] });
      expect(
        (await t.http.get(`${SETUPS}/${setupId}/snapshots/${scheduled.body.snapshotId}`).expect(200)).body,
      ).toMatchObject({ state: 'scheduled', name: 'v2' });
      expect(
        (await t.http.get(`${SETUPS}/${setupId}/snapshots/${first.body.snapshotId}`).expect(200)).body,
      ).toMatchObject({ state: 'active', name: 'v1' });

      // Another schedule at the same instant is a conflict; a stale ETag is refused; both change nothing.
      expect((await put(setupId, { name: 'v3', valid_from: validFrom }).expect(409)).body.code).toBe(
        'SNAPSHOT_CONFLICT',
      );
      expect((await put(setupId, { name: 'v3' }, { 'If-Match': '"1"' }).expect(412)).body.code).toBe(
        'PRECONDITION_FAILED',
      );
      expect((await t.http.get(`${SETUPS}/${setupId}/snapshots`).expect(200)).body.snapshotIds).toHaveLength(2);
    });

    it('applies an immediate edit at once and makes the previous snapshot historical', async () => {
      const { setupId } = (await t.http.post(SETUPS).send({ name: 'v1' }).expect(201)).body;
      const first = (await t.http.get(`${SETUPS}/${setupId}`).expect(200)).body;
      const edited = await put(setupId, { name: 'v2', valid_from: '2001-01-01T00:00:00Z' }).expect(200);
      expect(edited.body).toMatchObject({ name: 'v2', state: 'active' });
      expect(Date.parse(edited.body.valid_from)).toBeGreaterThan(Date.now() - 10_000);
      expect((await t.http.get(`${SETUPS}/${setupId}`).expect(200)).body.name).toBe('v2');
      expect((await t.http.get(`${SETUPS}/${setupId}/snapshots/${first.snapshotId}`).expect(200)).body.state).toBe(
        'historical',
      );
    });

    it('rewrites the active snapshot in place with replaceActiveState=true, never with a future valid_from', async () => {
      const { setupId } = (await t.http.post(SETUPS).send({ name: 'v1' }).expect(201)).body;
      const before = (await t.http.get(`${SETUPS}/${setupId}`).expect(200)).body;
      const replaced = await put(setupId, { name: 'fixed' }, {}, '?replaceActiveState=true').expect(200);
      expect(replaced.body).toMatchObject({
        snapshotId: before.snapshotId,
        valid_from: before.valid_from,
        name: 'fixed',
      });
      expect((await t.http.get(`${SETUPS}/${setupId}/snapshots`).expect(200)).body.snapshotIds).toEqual([
        before.snapshotId,
      ]);
      const refused = await put(
        setupId,
        { name: 'x', valid_from: later(60_000) },
        {},
        '?replaceActiveState=true',
      ).expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: '/valid_from' })]);
      expect((await put(setupId, { name: 'x' }, {}, '?replaceActiveState=maybe').expect(400)).body.errors[0].path).toBe(
        '/replaceActiveState',
      );
    });

    it('cancels a scheduled snapshot and refuses to delete the active, a historical or an unknown one', async () => {
      const { setupId } = (await t.http.post(SETUPS).send({ name: 'v1' }).expect(201)).body;
      const first = (await t.http.get(`${SETUPS}/${setupId}`).expect(200)).body;
      const second = (await put(setupId, { name: 'v2' }).expect(200)).body;
      const scheduled = (await put(setupId, { name: 'v3', valid_from: later(3_600_000) }).expect(200)).body;
      t.events.length = 0;
      await t.http.delete(`${SETUPS}/${setupId}/snapshots/${scheduled.snapshotId}`).expect(204);
      expect(t.events).toEqual([
        expect.objectContaining({
          constructor: SetupUpdatedEvent,
          change: 'snapshot-deleted',
          snapshotId: scheduled.snapshotId,
        }),
      ]);
      for (const id of [second.snapshotId, first.snapshotId]) {
        expect((await t.http.delete(`${SETUPS}/${setupId}/snapshots/${id}`).expect(403)).body.code).toBe(
          'SNAPSHOT_NOT_DELETABLE',
        );
      }
      expect(
        (await t.http.delete(`${SETUPS}/${setupId}/snapshots/${scheduled.snapshotId}`).expect(404)).body.code,
      ).toBe('SNAPSHOT_NOT_FOUND');
      expect((await t.http.get(`${SETUPS}/${setupId}/snapshots`).expect(200)).body.snapshotIds).toEqual([
        first.snapshotId,
        second.snapshotId,
      ]);
    });

    it('deletes a setup (If-Match honoured), announces it with the snapshot in force, and records it', async () => {
      const { setupId } = (await t.http.post(SETUPS).send({ name: 'doomed' }).expect(201)).body;
      const read = await t.http.get(`${SETUPS}/${setupId}`).expect(200);
      expect((await t.http.delete(`${SETUPS}/${setupId}`).set('If-Match', '"9"').expect(412)).body.code).toBe(
        'PRECONDITION_FAILED',
      );
      t.events.length = 0;
      await t.http.delete(`${SETUPS}/${setupId}`).set('If-Match', read.headers.etag).expect(204);
      expect((await t.http.get(`${SETUPS}/${setupId}`).expect(404)).body.code).toBe('SETUP_NOT_FOUND');
      expect((await t.http.delete(`${SETUPS}/${setupId}`).expect(404)).body.code).toBe('SETUP_NOT_FOUND');
      const deleted = t.events.find((e): e is SetupDeletedEvent => e instanceof SetupDeletedEvent);
      expect(deleted).toMatchObject({ setupId, snapshotId: read.body.snapshotId, actor: 'test-admin', clients: [] });
      await eventually(async () => {
        await expect(
          t.dataSource.getRepository(AuditEntryEntity).findOneByOrFail({ eventId: deleted!.eventId }),
        ).resolves.toMatchObject({ action: 'setup.deleted' });
      });
    });

    it('lists by metadata, and refuses unknown query parameters', async () => {
      const { setupId } = (
        await t.http
          .post(SETUPS)
          .send({ name: 'meta', metadata: [{ name: 'region', value: 'ch-west' }] })
          .expect(201)
      ).body;
      expect((await t.http.get(SETUPS).query({ 'metadata.region': 'ch-west' }).expect(200)).body).toEqual({
        setupIds: [setupId],
      });
      expect((await t.http.get(SETUPS).query({ 'metadata.region': 'ch-east' }).expect(200)).body).toEqual({
        setupIds: [],
      });
      expect((await t.http.get(SETUPS).query({ nmae: 'meta' }).expect(400)).body.errors).toEqual([
        expect.objectContaining({ path: '/nmae' }),
      ]);
      expect((await t.http.get(`${SETUPS}/${setupId}`).query({ validAt: 'any' }).expect(400)).body.code).toBe(
        'INVALID_REQUEST',
      );
    });
  });

  it('reports readiness from the database', async () => {
    expect((await t.http.get('/health/live').expect(200)).body).toMatchObject({ status: 'ok' });
    expect((await t.http.get('/health/ready').expect(200)).body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' } },
    });
  });
});
