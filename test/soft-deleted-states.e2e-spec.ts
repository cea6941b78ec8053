import { ClientSnapshotActivatedEvent, SoftDeletedPurge } from '@app/clients';
import { ClientActivation, ClientRegistrationEntity } from '@app/clients';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { startTestApp, type TestApp } from './support/test-app';
import { ShiftedClock } from './support/test-clock';

const SETUPS = '/v2/modules/oauthv2/setups';
const DAY = 86_400_000;
const ALL = { includeSoftDeletedStates: 'true' };

describe.each(DATABASES)('soft-deleted states on %s', (kind) => {
  let t: TestApp;
  const clock = new ShiftedClock();
  beforeAll(async () => {
    t = await startTestApp(kind, {}, clock);
  });
  afterAll(() => t.close());

  const newSetup = async (name = 'soft') => (await t.http.post(SETUPS).send({ name }).expect(201)).body.setupId;
  const clients = (setupId: string) => `${SETUPS}/${setupId}/clients`;
  const servers = (setupId: string) => `${SETUPS}/${setupId}/resource-servers`;

  it('keeps a deleted client readable as a deleted state, listed only with includeSoftDeletedStates, and frees its client_id at once', async () => {
    const setupId = await newSetup();
    const { clientId } = (
      await t.http
        .post(clients(setupId))
        .send(clientBody({ client_id: 'reused' }))
        .expect(201)
    ).body;
    const scheduled = await t.http
      .put(`${clients(setupId)}/${clientId}`)
      .send(clientBody({ valid_from: new Date(clock.now().getTime() + DAY).toISOString() }))
      .expect(200);
    const { snapshotIds } = (await t.http.get(`${clients(setupId)}/${clientId}/snapshots`).expect(200)).body;
    expect(snapshotIds).toHaveLength(2);

    await t
      .as('alice')
      .delete(`${clients(setupId)}/${clientId}`)
      .expect(403);
    await t.http.delete(`${clients(setupId)}/${clientId}`).expect(204);

    // Reads answer 404 as before; the lists leave it out unless asked.
    expect((await t.http.get(`${clients(setupId)}/${clientId}`).expect(404)).body.code).toBe('CLIENT_NOT_FOUND');
    await t.http.get(`${clients(setupId)}/${clientId}/snapshots`).expect(404);
    expect((await t.http.get(clients(setupId)).query({ validAt: 'any' }).expect(200)).body.clientIds).toEqual([]);
    expect(
      (
        await t.http
          .get(clients(setupId))
          .query({ ...ALL, validAt: 'any' })
          .expect(200)
      ).body.clientIds,
    ).toEqual([clientId]);
    expect(
      (
        await t.http
          .get(`${clients(setupId)}/${clientId}/snapshots`)
          .query(ALL)
          .expect(200)
      ).body.snapshotIds,
    ).toEqual(snapshotIds);
    for (const snapshotId of snapshotIds) {
      const read = await t.http.get(`${clients(setupId)}/${clientId}/snapshots/${snapshotId}`).expect(200);
      expect(read.body).toMatchObject({
        clientId,
        snapshotId,
        client_id: 'reused',
        state: 'deleted',
        deleted_at: expect.any(String),
        deleted_by: 'test-admin',
      });
    }

    // The OAuth client_id is free at once; translating it finds the new client.
    const { clientId: again } = (
      await t.http
        .post(clients(setupId))
        .send(clientBody({ client_id: 'reused' }))
        .expect(201)
    ).body;
    expect((await t.http.get(`${clients(setupId)}/by-client-id/reused`).expect(200)).body).toEqual({ clientId: again });
    expect(
      (
        await t.http
          .get(clients(setupId))
          .query({ ...ALL, client_id: 'reused' })
          .expect(200)
      ).body.clientIds.sort(),
    ).toEqual([clientId, again].sort());

    // Its scheduled change never comes into force.
    t.events.length = 0;
    clock.advance(2 * DAY);
    try {
      await t.app.get(ClientActivation).activateDue(clock.now());
      expect(t.events.filter((e) => e instanceof ClientSnapshotActivatedEvent && e.entityId === clientId)).toHaveLength(
        0,
      );
      expect(
        (await t.http.get(`${clients(setupId)}/${clientId}/snapshots/${scheduled.body.snapshotId}`).expect(200)).body
          .state,
      ).toBe('deleted');
    } finally {
      clock.advance(-2 * DAY);
    }
  });

  it('deletes a setup with its clients and resource servers as deleted states, all listed with includeSoftDeletedStates', async () => {
    const setupId = await newSetup('doomed');
    const rs = (
      await t.http
        .post(servers(setupId))
        .send({ scopes: [{ name: 'a' }] })
        .expect(201)
    ).body.resourceServerId;
    const { clientId } = (
      await t.http
        .post(clients(setupId))
        .send(clientBody({ scopes: ['a'] }))
        .expect(201)
    ).body;
    const setupSnapshots = (await t.http.get(`${SETUPS}/${setupId}/snapshots`).expect(200)).body.snapshotIds;

    await t.http.delete(`${SETUPS}/${setupId}`).expect(204);

    expect((await t.http.get(SETUPS).query({ name: 'doomed' }).expect(200)).body.setupIds).toEqual([]);
    expect(
      (
        await t.http
          .get(SETUPS)
          .query({ ...ALL, name: 'doomed' })
          .expect(200)
      ).body.setupIds,
    ).toEqual([setupId]);
    expect((await t.http.get(`${SETUPS}/${setupId}`).expect(404)).body.code).toBe('SETUP_NOT_FOUND');
    await t.http.get(`${SETUPS}/${setupId}/snapshots`).expect(404);
    expect((await t.http.get(`${SETUPS}/${setupId}/snapshots`).query(ALL).expect(200)).body.snapshotIds).toEqual(
      setupSnapshots,
    );
    expect((await t.http.get(`${SETUPS}/${setupId}/snapshots/${setupSnapshots[0]}`).expect(200)).body).toMatchObject({
      name: 'doomed',
      state: 'deleted',
      deleted_by: 'test-admin',
    });
    expect((await t.http.get(clients(setupId)).expect(404)).body.code).toBe('SETUP_NOT_FOUND');
    expect((await t.http.get(clients(setupId)).query(ALL).expect(200)).body.clientIds).toEqual([clientId]);
    expect((await t.http.get(servers(setupId)).query(ALL).expect(200)).body.resourceServerIds).toEqual([rs]);
    const rsSnapshots = (
      await t.http
        .get(`${servers(setupId)}/${rs}/snapshots`)
        .query(ALL)
        .expect(200)
    ).body.snapshotIds;
    expect((await t.http.get(`${servers(setupId)}/${rs}/snapshots/${rsSnapshots[0]}`).expect(200)).body).toMatchObject({
      state: 'deleted',
      scopes: [expect.objectContaining({ name: 'a' })],
    });
    // Nothing can be added to a deleted setup.
    await t.http.post(clients(setupId)).send(clientBody()).expect(404);
    await t.http.post(servers(setupId)).send({ scopes: [] }).expect(404);
  });

  it('lets a deleted resource server constrain nothing: its scope names are free and clients no longer need them declared', async () => {
    const setupId = await newSetup();
    const rs = (
      await t.http
        .post(servers(setupId))
        .send({ scopes: [{ name: 'gone' }] })
        .expect(201)
    ).body.resourceServerId;
    await t.http
      .post(clients(setupId))
      .send(clientBody({ scopes: ['other'] }))
      .expect(400);
    await t.http.delete(`${servers(setupId)}/${rs}`).expect(204);
    // The setup has no live resource server: any scope token again; and the name can be declared anew.
    await t.http
      .post(clients(setupId))
      .send(clientBody({ scopes: ['other'] }))
      .expect(201);
    await t.http
      .post(servers(setupId))
      .send({ scopes: [{ name: 'gone' }, { name: 'other' }] })
      .expect(201);
  });

  it("erases a deleted client's registration access token at once (RFC 7592: 401 from then on)", async () => {
    const setupId = await newSetup();
    const reg = (
      await t.http
        .post(`/v3/modules/oauthv2/setups/${setupId}/clients`)
        .send({ redirect_uris: ['https://rp.example.com/cb'] })
        .expect(201)
    ).body;
    const clientId = (await t.http.get(`${clients(setupId)}/by-client-id/${reg.client_id}`).expect(200)).body.clientId;
    await t.http.delete(`${clients(setupId)}/${clientId}`).expect(204);
    expect(await t.dataSource.getRepository(ClientRegistrationEntity).countBy({ clientId })).toBe(0);
    await t
      .as('anonymous')
      .get(new URL(reg.registration_client_uri).pathname)
      .set('authorization', `Bearer ${reg.registration_access_token}`)
      .expect(401);
  });

  it('refuses a malformed includeSoftDeletedStates', async () => {
    const res = await t.http.get(SETUPS).query({ includeSoftDeletedStates: 'yes' }).expect(400);
    expect(res.body.errors).toEqual([{ path: '/includeSoftDeletedStates', message: expect.any(String) }]);
  });

  it('purges deleted entities once the retention (90 days by default) has passed, from the injected clock', async () => {
    const setupId = await newSetup('purged');
    const { clientId } = (await t.http.post(clients(setupId)).send(clientBody()).expect(201)).body;
    const [snapshotId] = (await t.http.get(`${clients(setupId)}/${clientId}/snapshots`).expect(200)).body.snapshotIds;
    await t.http.delete(`${SETUPS}/${setupId}`).expect(204);
    const purge = t.app.get(SoftDeletedPurge);
    const deletedAt = clock.now().getTime();

    await purge.purge(new Date(deletedAt + 89 * DAY));
    await t.http.get(`${clients(setupId)}/${clientId}/snapshots/${snapshotId}`).expect(200);

    expect(await purge.purge(new Date(deletedAt + 90 * DAY + 1000))).toBeGreaterThanOrEqual(2);
    await t.http.get(`${clients(setupId)}/${clientId}/snapshots/${snapshotId}`).expect(404);
    expect(
      (
        await t.http
          .get(SETUPS)
          .query({ ...ALL, name: 'purged' })
          .expect(200)
      ).body.setupIds,
    ).toEqual([]);
  });
});

describe.each(DATABASES)('soft-deleted states with SOFT_DELETE_RETENTION_DAYS=0 on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { softDeleteRetentionDays: 0 });
  });
  afterAll(() => t.close());

  it('erases a deleted client at once', async () => {
    const setupId = (await t.http.post(SETUPS).send({ name: 'erase' }).expect(201)).body.setupId;
    const path = `${SETUPS}/${setupId}/clients`;
    const { clientId } = (await t.http.post(path).send(clientBody()).expect(201)).body;
    const [snapshotId] = (await t.http.get(`${path}/${clientId}/snapshots`).expect(200)).body.snapshotIds;
    await t.http.delete(`${path}/${clientId}`).expect(204);
    await t.http.get(`${path}/${clientId}/snapshots/${snapshotId}`).expect(404);
    expect((await t.http.get(path).query(ALL).expect(200)).body.clientIds).toEqual([]);
    await t.http.delete(`${SETUPS}/${setupId}`).expect(204);
    expect((await t.http.get(SETUPS).query(ALL).expect(200)).body.setupIds).toEqual([]);
  });
});
