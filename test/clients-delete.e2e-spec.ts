import { ClientEntity, ClientSnapshotEntity, ClientSnapshotMetadataEntity } from '@app/clients';
import { SetupDeletedEvent } from '@app/setups';
import { In } from 'typeorm';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { SETUPS } from './support/paths';
import { expectProblem } from './support/problems';
import { clientFixture, HEX32, DAY, UNKNOWN_ID, SECRET, fromNow, withOffset } from './support/client-fixture';

describe.each(DATABASES)('deleting clients on %s', (kind) => {
  let t: TestApp;
  let setupId: string;
  const {
    newSetup,
    clientsPath,
    clientPath,
    snapshotsPath,
    createClient,
    snapshotRows,
    updatedEvents,
    deletedEvents,
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

  describe('DELETE /clients/:clientId', () => {
    it('deletes the client (a soft-deleted state keeping its snapshots), announces it once and records it', async () => {
      const { clientId } = await createClient({
        client_id: 'to-be-deleted',
        client_secret: SECRET,
        metadata: [{ name: 'k', value: 'v', locale: 'en' }],
      });
      await t.http
        .put(clientPath(clientId))
        .send(clientBody({ metadata: [{ name: 'k', value: 'v2', locale: 'en' }] }))
        .expect(200);
      await t.http
        .put(clientPath(clientId))
        .send(clientBody({ valid_from: withOffset(fromNow(DAY)) }))
        .expect(200);
      const snapshotIds = (await snapshotRows(clientId)).map((s) => s.id);
      expect(snapshotIds).toHaveLength(3);
      t.events.length = 0;

      const res = await t.http.delete(clientPath(clientId)).expect(204);
      expect(res.text).toBe('');

      expectProblem(await t.http.get(clientPath(clientId)), 404, 'CLIENT_NOT_FOUND');
      expectProblem(await t.http.get(snapshotsPath(clientId)), 404, 'CLIENT_NOT_FOUND');
      // Its snapshots stay readable by id, as deleted ones.
      expect((await t.http.get(`${snapshotsPath(clientId)}/${snapshotIds[0]}`).expect(200)).body).toMatchObject({
        state: 'deleted',
        deleted_at: expect.any(String),
        deleted_by: 'test-admin',
      });
      expectProblem(await t.http.get(`${clientsPath()}/by-client-id/to-be-deleted`), 404, 'CLIENT_NOT_FOUND');
      expect(
        (await t.http.get(clientsPath()).query({ validAt: 'any', client_id: 'to-be-deleted' }).expect(200)).body
          .clientIds,
      ).toEqual([]);
      expect((await t.http.get(`${clientsPath()}/names`).expect(200)).body.clientNames).not.toHaveProperty(clientId);
      expect(await t.dataSource.getRepository(ClientEntity).findOneBy({ id: clientId })).toMatchObject({
        deletedAt: expect.any(Date),
        deletedBy: 'test-admin',
      });
      expect(await t.dataSource.getRepository(ClientSnapshotEntity).countBy({ ownerId: clientId })).toBe(3);
      expect(
        await t.dataSource.getRepository(ClientSnapshotMetadataEntity).countBy({ snapshotId: In(snapshotIds) }),
      ).toBe(2);

      const events = deletedEvents(clientId);
      expect(events).toHaveLength(1);
      // It names the snapshot that was in force when the client was deleted.
      expect(events[0]).toMatchObject({
        eventId: expect.stringMatching(HEX32),
        setupId,
        clientId,
        snapshotId: snapshotIds[1],
        validFrom: expect.any(Date),
        oauthClientId: 'to-be-deleted',
        actor: 'test-admin',
        occurredAt: expect.any(Date),
      });
      expect(updatedEvents(clientId)).toHaveLength(0);
      expect(JSON.stringify(events[0])).not.toContain(SECRET);
      await expectAudit(events[0].eventId, { action: 'client.deleted', entityId: clientId, setupId });

      // The OAuth client_id is free again.
      await createClient({ client_id: 'to-be-deleted' });
      expectProblem(await t.http.delete(clientPath(clientId)), 404, 'CLIENT_NOT_FOUND');
    });

    it('deletes a client that has no active snapshot yet', async () => {
      const { clientId } = await createClient({ valid_from: withOffset(fromNow(DAY)) });
      await t.http.delete(clientPath(clientId)).expect(204);
      expectProblem(await t.http.get(clientPath(clientId)), 404, 'CLIENT_NOT_FOUND');
    });

    it('honours If-Match: 412 for a stale ETag (the client stays), 204 for the current one', async () => {
      const { clientId } = await createClient();
      const v1 = (await t.http.get(clientPath(clientId)).expect(200)).headers.etag;
      const v2 = (await t.http.put(clientPath(clientId)).send(clientBody()).expect(200)).headers.etag;
      t.events.length = 0;

      expectProblem(await t.http.delete(clientPath(clientId)).set('If-Match', v1), 412, 'PRECONDITION_FAILED');
      await t.http.get(clientPath(clientId)).expect(200);
      expect(await snapshotRows(clientId)).toHaveLength(2);
      expect(deletedEvents(clientId)).toHaveLength(0);

      await t.http.delete(clientPath(clientId)).set('If-Match', v2).expect(204);
      expectProblem(await t.http.get(clientPath(clientId)), 404, 'CLIENT_NOT_FOUND');
    });

    it('answers 404 CLIENT_NOT_FOUND for an unknown client and for a client of another setup, which stays', async () => {
      expectProblem(await t.http.delete(clientPath(UNKNOWN_ID)), 404, 'CLIENT_NOT_FOUND');
      const other = await newSetup();
      const { clientId } = await createClient({}, other);
      expectProblem(await t.http.delete(clientPath(clientId, setupId)), 404, 'CLIENT_NOT_FOUND');
      await t.http.get(clientPath(clientId, other)).expect(200);
    });
  });
  describe('DELETE /setups/:setupId', () => {
    it('deletes the clients of the setup, announcing each one, and leaves other setups alone', async () => {
      const setup = await newSetup({ name: 'doomed' });
      const a = await createClient({ client_id: 'doomed-a', client_secret: SECRET }, setup);
      await t.http.put(clientPath(a.clientId, setup)).send(clientBody()).expect(200);
      const b = await createClient({ client_id: 'doomed-b', valid_from: withOffset(fromNow(DAY)) }, setup);
      const survivor = await createClient({ client_id: 'doomed-a' });
      t.events.length = 0;

      await t.http.delete(`${SETUPS}/${setup}`).expect(204);

      for (const { clientId } of [a, b]) {
        expectProblem(await t.http.get(clientPath(clientId, setup)), 404, 'SETUP_NOT_FOUND');
        // Soft-deleted with the setup, at the same instant, by the same principal; the snapshots are kept.
        expect(await t.dataSource.getRepository(ClientEntity).findOneBy({ id: clientId })).toMatchObject({
          deletedAt: expect.any(Date),
          deletedBy: 'test-admin',
        });
        expect(await t.dataSource.getRepository(ClientSnapshotEntity).countBy({ ownerId: clientId })).toBeGreaterThan(
          0,
        );
      }
      expectProblem(await t.http.get(clientsPath(setup)), 404, 'SETUP_NOT_FOUND');
      await t.http.get(clientPath(survivor.clientId)).expect(200);

      const setupDeleted = t.events.filter((e): e is SetupDeletedEvent => e instanceof SetupDeletedEvent);
      expect(setupDeleted).toHaveLength(1);
      expect(setupDeleted[0]).toMatchObject({ setupId: setup, actor: 'test-admin', occurredAt: expect.any(Date) });
      await eventually(() => {
        for (const [clientId, oauthClientId] of [
          [a.clientId, 'doomed-a'],
          [b.clientId, 'doomed-b'],
        ]) {
          const events = deletedEvents(clientId);
          expect(events).toHaveLength(1);
          expect(events[0]).toMatchObject({
            setupId: setup,
            clientId,
            oauthClientId,
            actor: 'test-admin',
            withSetup: true,
          });
          // The snapshot in force at the deletion; none for the client that was only scheduled.
          expect(events[0].snapshotId).toEqual(oauthClientId === 'doomed-b' ? null : expect.stringMatching(HEX32));
        }
      });
      expect(deletedEvents(survivor.clientId)).toHaveLength(0);
      expect(JSON.stringify(t.events)).not.toContain(SECRET);
      for (const { clientId } of [a, b]) {
        await expectAudit(deletedEvents(clientId)[0].eventId, {
          action: 'client.deleted',
          entityId: clientId,
          setupId: setup,
        });
      }
    });
  });
});
