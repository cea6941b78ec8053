import { ClientSnapshotEntity } from '@app/clients';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { startTestApp, type TestApp } from './support/test-app';
import { expectProblem } from './support/problems';
import { clientFixture, DAY, UNKNOWN_ID, SECRET, fromNow, withOffset, inZurichSummer } from './support/client-fixture';

describe.each(DATABASES)('client snapshots on %s', (kind) => {
  let t: TestApp;
  let setupId: string;
  const {
    newSetup,
    clientsPath,
    clientPath,
    snapshotsPath,
    createClient,
    clientWithHistory,
    snapshotRows,
    updatedEvents,
    expectAudit,
  } = clientFixture(
    () => t,
    () => setupId,
  );

  beforeAll(async () => {
    t = await startTestApp(kind);
    setupId = await newSetup();
  });
  afterAll(() => t.close());

  describe('GET /clients/:clientId/snapshots', () => {
    it('lists every snapshot id oldest first, and with validAt the one in force then', async () => {
      const { clientId, snapshots } = await clientWithHistory();
      const scheduledAt = fromNow(DAY);
      const scheduled = (
        await t.http
          .put(clientPath(clientId))
          .send(clientBody({ valid_from: withOffset(scheduledAt) }))
          .expect(200)
      ).body;
      const [s1, s2, s3] = snapshots;

      const all = await t.http.get(snapshotsPath(clientId)).expect(200);
      expect(all.body).toEqual({ snapshotIds: [s1.snapshotId, s2.snapshotId, s3.snapshotId, scheduled.snapshotId] });

      const at = async (validAt: string) =>
        (await t.http.get(snapshotsPath(clientId)).query({ validAt }).expect(200)).body;
      expect(await at('2001-01-01T00:00:00Z')).toEqual({ snapshotIds: [] });
      expect(await at(s1.valid_from)).toEqual({ snapshotIds: [s1.snapshotId] });
      expect(await at(new Date(Date.parse(s2.valid_from) - 1).toISOString())).toEqual({ snapshotIds: [s1.snapshotId] });
      expect(await at(s2.valid_from)).toEqual({ snapshotIds: [s2.snapshotId] });
      expect(await at(new Date().toISOString())).toEqual({ snapshotIds: [s3.snapshotId] });
      expect(await at(inZurichSummer(scheduledAt))).toEqual({ snapshotIds: [scheduled.snapshotId] });
      expect(await at('2999-01-01T00:00:00-05:00')).toEqual({ snapshotIds: [scheduled.snapshotId] });
    });

    it('lists the scheduled snapshot of a client that is not valid yet', async () => {
      const { clientId } = await createClient({ valid_from: withOffset(fromNow(DAY)) });
      const [row] = await snapshotRows(clientId);
      expect((await t.http.get(snapshotsPath(clientId)).expect(200)).body).toEqual({ snapshotIds: [row.id] });
      expect(
        (await t.http.get(snapshotsPath(clientId)).query({ validAt: new Date().toISOString() }).expect(200)).body,
      ).toEqual({ snapshotIds: [] });
    });

    it.each([
      ['validAt=any', { validAt: 'any' }, '/validAt'],
      ['validAt without an offset', { validAt: '2026-01-01T00:00:00' }, '/validAt'],
      ['an unknown query parameter', { limit: '10' }, '/limit'],
    ])('answers 400 INVALID_REQUEST for %s', async (_label, query, path) => {
      const { clientId } = await createClient();
      const res = await t.http.get(snapshotsPath(clientId)).query(query);
      expectProblem(res, 400, 'INVALID_REQUEST');
      expect(res.body.errors).toEqual([{ path, message: expect.any(String) }]);
    });

    it('answers 404 CLIENT_NOT_FOUND for an unknown client and a client of another setup', async () => {
      expectProblem(await t.http.get(snapshotsPath(UNKNOWN_ID)), 404, 'CLIENT_NOT_FOUND');
      const { clientId } = await createClient({}, await newSetup());
      expectProblem(await t.http.get(snapshotsPath(clientId)), 404, 'CLIENT_NOT_FOUND');
    });
  });
  describe('GET /clients/:clientId/snapshots/:snapshotId', () => {
    it('answers any snapshot with its state: historical, active or scheduled, never the secret', async () => {
      const { clientId, snapshots } = await clientWithHistory();
      const scheduledAt = fromNow(DAY);
      const scheduled = (
        await t.http
          .put(clientPath(clientId))
          .send(clientBody({ name: 'v4', valid_from: withOffset(scheduledAt) }))
          .expect(200)
      ).body;
      const current = await t.http.get(clientPath(clientId)).expect(200);

      const read = async (snapshotId: string) => {
        const res = await t.http.get(`${snapshotsPath(clientId)}/${snapshotId}`).expect(200);
        expect(res.body).not.toHaveProperty('client_secret');
        expect(res.text).not.toContain(SECRET);
        return res.body;
      };
      expect(await read(snapshots[0].snapshotId)).toEqual({ ...snapshots[0], state: 'historical' });
      expect(await read(snapshots[1].snapshotId)).toMatchObject({
        clientId,
        snapshotId: snapshots[1].snapshotId,
        state: 'historical',
        name: 'v2',
        valid_from: snapshots[1].valid_from,
        client_secret_set: true,
      });
      expect(await read(snapshots[2].snapshotId)).toEqual({ ...current.body, state: 'active' });
      expect(await read(scheduled.snapshotId)).toEqual({ ...scheduled, state: 'scheduled' });
      expect((await read(scheduled.snapshotId)).valid_from).toBe(scheduledAt.toISOString());
    });

    it.each([
      ['an unknown snapshot id', UNKNOWN_ID],
      ['a malformed snapshot id', 'latest'],
    ])('answers 404 SNAPSHOT_NOT_FOUND for %s', async (_label, snapshotId) => {
      const { clientId } = await createClient();
      expectProblem(await t.http.get(`${snapshotsPath(clientId)}/${snapshotId}`), 404, 'SNAPSHOT_NOT_FOUND');
    });

    it('answers 404 SNAPSHOT_NOT_FOUND for a snapshot of another client, and CLIENT_NOT_FOUND for an unknown client', async () => {
      const a = await createClient();
      const b = await createClient();
      const [bSnapshot] = await snapshotRows(b.clientId);
      expectProblem(await t.http.get(`${snapshotsPath(a.clientId)}/${bSnapshot.id}`), 404, 'SNAPSHOT_NOT_FOUND');
      expectProblem(await t.http.get(`${snapshotsPath(UNKNOWN_ID)}/${bSnapshot.id}`), 404, 'CLIENT_NOT_FOUND');
    });
  });
  describe('DELETE /clients/:clientId/snapshots/:snapshotId', () => {
    it('cancels a scheduled snapshot: 204, gone from the list, announced once and recorded', async () => {
      const { clientId } = await createClient();
      const active = await t.http.get(clientPath(clientId)).expect(200);
      const scheduledAt = fromNow(DAY);
      const scheduled = await t.http
        .put(clientPath(clientId))
        .send(clientBody({ valid_from: withOffset(scheduledAt) }))
        .expect(200);
      t.events.length = 0;

      const res = await t.http.delete(`${snapshotsPath(clientId)}/${scheduled.body.snapshotId}`).expect(204);
      expect(res.text).toBe('');
      expect((await t.http.get(snapshotsPath(clientId)).expect(200)).body).toEqual({
        snapshotIds: [active.body.snapshotId],
      });
      expectProblem(
        await t.http.get(`${snapshotsPath(clientId)}/${scheduled.body.snapshotId}`),
        404,
        'SNAPSHOT_NOT_FOUND',
      );
      expect(await t.dataSource.getRepository(ClientSnapshotEntity).countBy({ id: scheduled.body.snapshotId })).toBe(0);
      expect(
        (await t.http.get(snapshotsPath(clientId)).query({ validAt: scheduledAt.toISOString() }).expect(200)).body,
      ).toEqual({
        snapshotIds: [active.body.snapshotId],
      });
      // The active snapshot is untouched; the client's ETag moved on.
      const read = await t.http.get(clientPath(clientId)).expect(200);
      expect(read.body).toEqual(active.body);
      expect(read.headers.etag).not.toBe(scheduled.headers.etag);

      const events = updatedEvents(clientId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        setupId,
        clientId,
        snapshotId: scheduled.body.snapshotId,
        validFrom: scheduledAt,
        change: 'snapshot-deleted',
        actor: 'test-admin',
        occurredAt: expect.any(Date),
      });
      await expectAudit(events[0].eventId, {
        action: 'client.updated',
        entityId: clientId,
        snapshotId: scheduled.body.snapshotId,
      });

      // The instant is free again.
      await t.http
        .put(clientPath(clientId))
        .send(clientBody({ valid_from: withOffset(scheduledAt) }))
        .expect(200);
    });

    it('refuses to cancel the only snapshot of a client that is not valid yet (delete the client instead)', async () => {
      const { clientId } = await createClient({
        client_id: 'cancelled-before-start',
        valid_from: withOffset(fromNow(DAY)),
      });
      const [only] = await snapshotRows(clientId);
      expectProblem(await t.http.delete(`${snapshotsPath(clientId)}/${only.id}`), 403, 'SNAPSHOT_NOT_DELETABLE');
      expect((await t.http.get(snapshotsPath(clientId)).expect(200)).body.snapshotIds).toEqual([only.id]);
      await t.http.delete(clientPath(clientId)).expect(204);
      expectProblem(await t.http.get(`${clientsPath()}/by-client-id/cancelled-before-start`), 404, 'CLIENT_NOT_FOUND');
      await t.http
        .post(clientsPath())
        .send(clientBody({ client_id: 'cancelled-before-start' }))
        .expect(201);
    });

    it('answers 403 SNAPSHOT_NOT_DELETABLE for the active and for a historical snapshot, which stay', async () => {
      const { clientId, snapshots } = await clientWithHistory();
      t.events.length = 0;
      for (const snapshot of [snapshots[2], snapshots[0], snapshots[1]]) {
        const res = await t.http.delete(`${snapshotsPath(clientId)}/${snapshot.snapshotId}`);
        expectProblem(res, 403, 'SNAPSHOT_NOT_DELETABLE');
      }
      expect((await t.http.get(snapshotsPath(clientId)).expect(200)).body.snapshotIds).toEqual(
        snapshots.map((s) => s.snapshotId),
      );
      expect(updatedEvents(clientId)).toHaveLength(0);
      expect((await t.http.get(clientPath(clientId)).expect(200)).body.snapshotId).toBe(snapshots[2].snapshotId);
    });

    it('answers 404 SNAPSHOT_NOT_FOUND for an unknown snapshot, one already cancelled, and one of another client', async () => {
      const { clientId } = await createClient();
      expectProblem(await t.http.delete(`${snapshotsPath(clientId)}/${UNKNOWN_ID}`), 404, 'SNAPSHOT_NOT_FOUND');

      const scheduled = (
        await t.http
          .put(clientPath(clientId))
          .send(clientBody({ valid_from: withOffset(fromNow(DAY)) }))
          .expect(200)
      ).body;
      await t.http.delete(`${snapshotsPath(clientId)}/${scheduled.snapshotId}`).expect(204);
      expectProblem(
        await t.http.delete(`${snapshotsPath(clientId)}/${scheduled.snapshotId}`),
        404,
        'SNAPSHOT_NOT_FOUND',
      );

      const other = await createClient();
      const foreign = (
        await t.http
          .put(clientPath(other.clientId))
          .send(clientBody({ valid_from: withOffset(fromNow(DAY)) }))
          .expect(200)
      ).body;
      expectProblem(await t.http.delete(`${snapshotsPath(clientId)}/${foreign.snapshotId}`), 404, 'SNAPSHOT_NOT_FOUND');
      await t.http.get(`${snapshotsPath(other.clientId)}/${foreign.snapshotId}`).expect(200);

      expectProblem(await t.http.delete(`${snapshotsPath(UNKNOWN_ID)}/${foreign.snapshotId}`), 404, 'CLIENT_NOT_FOUND');
    });

    it('honours If-Match: 412 for a stale ETag (the snapshot stays), 204 for the current one', async () => {
      const { clientId } = await createClient();
      const stale = (await t.http.get(clientPath(clientId)).expect(200)).headers.etag;
      const scheduled = await t.http
        .put(clientPath(clientId))
        .send(clientBody({ valid_from: withOffset(fromNow(DAY)) }))
        .expect(200);
      const path = `${snapshotsPath(clientId)}/${scheduled.body.snapshotId}`;

      expectProblem(await t.http.delete(path).set('If-Match', stale), 412, 'PRECONDITION_FAILED');
      await t.http.get(path).expect(200);
      await t.http.delete(path).set('If-Match', scheduled.headers.etag).expect(204);
      await t.http.get(path).expect(404);
    });
  });

  // ---------------------------------------------------------------------------------------------
});
