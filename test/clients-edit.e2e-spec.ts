import { AuditEntryEntity } from '@app/audit';
import { ClientEntity, ClientSnapshotEntity, ClientSnapshotMetadataEntity } from '@app/clients';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { expectProblem } from './support/problems';
import {
  clientFixture,
  HEX32,
  ETAG,
  DAY,
  UNKNOWN_ID,
  SECRET,
  NEW_SECRET,
  fromNow,
  withOffset,
  inZurichSummer,
  errorPaths,
  type HttpResponse,
} from './support/client-fixture';

describe.each(DATABASES)('editing clients on %s', (kind) => {
  let t: TestApp;
  let setupId: string;
  const {
    newSetup,
    clientsPath,
    clientPath,
    snapshotsPath,
    createClient,
    snapshotRows,
    decrypt,
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

  describe('PUT /clients/:clientId', () => {
    describe('a full definition', () => {
      let clientId: string;
      let before: HttpResponse;
      let res: HttpResponse;
      const body = clientBody({ name: 'After', scopes: ['openid'] });

      beforeAll(async () => {
        ({ clientId } = await createClient({
          name: 'Before',
          owner: 'old-owner',
          comment: 'goes away',
          client_secret: SECRET,
        }));
        before = await t.http.get(clientPath(clientId)).expect(200);
        res = await t.http.put(clientPath(clientId)).send(body).expect(200);
      });

      it('answers the stored snapshot, active now, with a new ETag and no secret', async () => {
        expect(res.headers.etag).toMatch(ETAG);
        expect(res.headers.etag).not.toBe(before.headers.etag);
        expect(res.body).toEqual({
          clientId,
          snapshotId: expect.stringMatching(HEX32),
          state: 'active',
          ...body,
          // The owner is the one field a full definition does not clear: it stays with the client.
          owner: 'old-owner',
          client_id: before.body.client_id,
          confidentiality_type: 'confidential',
          token_endpoint_auth_method: 'client_secret_basic',
          valid_from: expect.any(String),
          client_secret_set: true,
          grant_types: ['authorization_code'],
          inherited: ['grant_types'],
        });
        expect(res.body.snapshotId).not.toBe(before.body.snapshotId);
        expect(Math.abs(Date.parse(res.body.valid_from as string) - Date.now())).toBeLessThan(10_000);
        expect(Date.parse(res.body.valid_from as string)).toBeGreaterThan(Date.parse(before.body.valid_from as string));
        expect(res.body).not.toHaveProperty('client_secret');
        expect(res.headers['cache-control'] ?? '').not.toContain('no-store');
      });

      it('replaces everything at once: what the body left out is gone (no partial update)', async () => {
        const after = await t.http.get(clientPath(clientId)).expect(200);
        const { state: _state, ...view } = res.body;
        expect(after.body).toEqual(view);
        expect(after.body.owner).toBe('old-owner');
        expect(after.body).not.toHaveProperty('comment');
        expect(after.headers.etag).toBe(res.headers.etag);
      });

      it('keeps the old snapshot as historical and records the new one as active', async () => {
        expect((await t.http.get(snapshotsPath(clientId)).expect(200)).body).toEqual({
          snapshotIds: [before.body.snapshotId, res.body.snapshotId],
        });
        expect(
          (await t.http.get(`${snapshotsPath(clientId)}/${before.body.snapshotId}`).expect(200)).body,
        ).toMatchObject({ state: 'historical', name: 'Before' });
        const client = await t.dataSource.getRepository(ClientEntity).findOneByOrFail({ id: clientId });
        expect(client.activeSnapshotId).toBe(res.body.snapshotId);
        expect((await snapshotRows(clientId)).map((s) => s.state)).toEqual(['settled', 'settled']);
      });

      it('announces one ClientUpdated without the secret, and audits it', async () => {
        const events = updatedEvents(clientId);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          eventId: expect.stringMatching(HEX32),
          setupId,
          clientId,
          snapshotId: res.body.snapshotId,
          validFrom: new Date(res.body.valid_from as string),
          change: 'snapshot-added',
          actor: 'test-admin',
          occurredAt: expect.any(Date),
        });
        expect(JSON.stringify(events[0])).not.toContain(SECRET);
        await expectAudit(events[0].eventId, {
          action: 'client.updated',
          entityId: clientId,
          setupId,
          snapshotId: res.body.snapshotId,
        });
      });
    });

    it('schedules a change with a future valid_from and keeps serving the active snapshot until then', async () => {
      const { clientId } = await createClient({ name: 'Current' });
      const current = await t.http.get(clientPath(clientId)).expect(200);
      const validFrom = fromNow(2 * DAY);
      t.events.length = 0;

      const res = await t.http
        .put(clientPath(clientId))
        .send(clientBody({ name: 'Scheduled', valid_from: inZurichSummer(validFrom) }))
        .expect(200);
      expect(res.body).toMatchObject({
        clientId,
        state: 'scheduled',
        name: 'Scheduled',
        valid_from: validFrom.toISOString(),
        client_secret_set: true,
      });
      expect(res.body.snapshotId).toMatch(HEX32);
      expect(res.headers.etag).toMatch(ETAG);
      expect(res.headers.etag).not.toBe(current.headers.etag);

      const read = await t.http.get(clientPath(clientId)).expect(200);
      expect(read.body).toEqual(current.body);
      expect(read.headers.etag).toBe(res.headers.etag);
      expect((await t.http.get(snapshotsPath(clientId)).expect(200)).body.snapshotIds).toEqual([
        current.body.snapshotId,
        res.body.snapshotId,
      ]);
      expect((await t.http.get(clientsPath()).query({ name: 'Scheduled' }).expect(200)).body.clientIds).toEqual([]);
      expect(
        (await t.http.get(clientsPath()).query({ name: 'Scheduled', validAt: validFrom.toISOString() }).expect(200))
          .body.clientIds,
      ).toEqual([clientId]);
      const client = await t.dataSource.getRepository(ClientEntity).findOneByOrFail({ id: clientId });
      expect(client.activeSnapshotId).toBe(current.body.snapshotId);

      const events = updatedEvents(clientId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        snapshotId: res.body.snapshotId,
        validFrom,
        change: 'snapshot-added',
        actor: 'test-admin',
      });
      await expectAudit(events[0].eventId, {
        action: 'client.updated',
        entityId: clientId,
        snapshotId: res.body.snapshotId,
      });
    });

    it('answers 409 SNAPSHOT_CONFLICT for a second scheduled snapshot at the same instant, however it is written', async () => {
      const { clientId } = await createClient();
      const validFrom = fromNow(3 * DAY);
      await t.http
        .put(clientPath(clientId))
        .send(clientBody({ valid_from: withOffset(validFrom) }))
        .expect(200);
      const before = await snapshotRows(clientId);
      const etag = (await t.http.get(clientPath(clientId)).expect(200)).headers.etag;
      t.events.length = 0;

      for (const written of [withOffset(validFrom), inZurichSummer(validFrom)]) {
        const res = await t.http.put(clientPath(clientId)).send(clientBody({ name: 'clash', valid_from: written }));
        expectProblem(res, 409, 'SNAPSHOT_CONFLICT');
      }
      expect(await snapshotRows(clientId)).toEqual(before);
      expect(updatedEvents(clientId)).toHaveLength(0);
      expect((await t.http.get(clientPath(clientId)).expect(200)).headers.etag).toBe(etag);

      // One millisecond later is another instant.
      await t.http
        .put(clientPath(clientId))
        .send(clientBody({ valid_from: new Date(validFrom.getTime() + 1).toISOString() }))
        .expect(200);
    });

    it('rewrites the active snapshot in place with replaceActiveState=true', async () => {
      const { clientId } = await createClient({
        name: 'Original',
        client_secret: SECRET,
        metadata: [{ name: 'stage', value: 'old', locale: 'en' }],
      });
      const before = await t.http.get(clientPath(clientId)).expect(200);
      const countBefore = (await snapshotRows(clientId)).length;
      t.events.length = 0;

      const body = clientBody({ name: 'Rewritten', metadata: [{ name: 'stage', value: 'new', locale: 'en' }] });
      const res = await t.http.put(clientPath(clientId)).query({ replaceActiveState: 'true' }).send(body).expect(200);
      expect(res.body).toMatchObject({
        clientId,
        snapshotId: before.body.snapshotId,
        state: 'active',
        name: 'Rewritten',
        valid_from: before.body.valid_from,
        client_secret_set: true,
      });
      expect(res.headers.etag).not.toBe(before.headers.etag);

      const after = await t.http.get(clientPath(clientId)).expect(200);
      expect(after.body).toMatchObject({
        snapshotId: before.body.snapshotId,
        name: 'Rewritten',
        valid_from: before.body.valid_from,
        metadata: body.metadata,
      });
      expect(after.headers.etag).toBe(res.headers.etag);
      const rows = await snapshotRows(clientId);
      expect(rows).toHaveLength(countBefore);
      expect(rows[0]).toMatchObject({ id: before.body.snapshotId, name: 'Rewritten', state: 'settled' });
      // The secret of the rewritten snapshot is kept.
      expect(decrypt(rows[0].secretEnc, clientId)).toBe(SECRET);
      // Listing filters see the rewritten metadata, not the old one.
      expect((await t.http.get(clientsPath()).query({ 'metadata.stage': 'new' }).expect(200)).body.clientIds).toContain(
        clientId,
      );
      expect(
        (await t.http.get(clientsPath()).query({ 'metadata.stage': 'old' }).expect(200)).body.clientIds,
      ).not.toContain(clientId);
      expect(
        await t.dataSource.getRepository(ClientSnapshotMetadataEntity).findBy({ snapshotId: before.body.snapshotId }),
      ).toEqual([expect.objectContaining({ name: 'stage', value: 'new', locale: 'en' })]);

      const events = updatedEvents(clientId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        snapshotId: before.body.snapshotId,
        validFrom: new Date(before.body.valid_from),
        change: 'snapshot-replaced',
        actor: 'test-admin',
      });
      await expectAudit(events[0].eventId, {
        action: 'client.updated',
        entityId: clientId,
        snapshotId: before.body.snapshotId,
      });
    });

    it('refuses replaceActiveState=true with a future valid_from, and a replaceActiveState that is not a boolean', async () => {
      const { clientId } = await createClient();
      const rows = await snapshotRows(clientId);
      const future = await t.http
        .put(clientPath(clientId))
        .query({ replaceActiveState: 'true' })
        .send(clientBody({ valid_from: withOffset(fromNow(DAY)) }));
      expectProblem(future, 400, 'INVALID_REQUEST');
      expect(errorPaths(future)).toEqual(['/valid_from']);

      const notBoolean = await t.http.put(clientPath(clientId)).query({ replaceActiveState: 'yes' }).send(clientBody());
      expectProblem(notBoolean, 400, 'INVALID_REQUEST');
      expect(errorPaths(notBoolean)).toEqual(['/replaceActiveState']);
      expect(await snapshotRows(clientId)).toEqual(rows);
    });

    it('answers 404 NOT_YET_VALID for replaceActiveState=true on a client that has no active snapshot yet', async () => {
      const { clientId } = await createClient({ valid_from: withOffset(fromNow(DAY)) });
      const rows = await snapshotRows(clientId);
      const res = await t.http.put(clientPath(clientId)).query({ replaceActiveState: 'true' }).send(clientBody());
      expectProblem(res, 404, 'NOT_YET_VALID');
      expect(await snapshotRows(clientId)).toEqual(rows);
    });

    it('takes a past valid_from as "now", and replaceActiveState=true with one keeps the active instant', async () => {
      const { clientId } = await createClient();
      const before = (await t.http.get(clientPath(clientId)).expect(200)).body;
      const res = await t.http
        .put(clientPath(clientId))
        .send(clientBody({ name: 'backdated', valid_from: '2001-01-01T00:00:00+01:00' }))
        .expect(200);
      expect(res.body.state).toBe('active');
      expect(Math.abs(Date.parse(res.body.valid_from) - Date.now())).toBeLessThan(10_000);
      expect(Date.parse(res.body.valid_from)).toBeGreaterThan(Date.parse(before.valid_from));
      expect((await t.http.get(clientPath(clientId)).expect(200)).body).toMatchObject({
        snapshotId: res.body.snapshotId,
        name: 'backdated',
      });

      const replaced = await t.http
        .put(clientPath(clientId))
        .query({ replaceActiveState: 'true' })
        .send(clientBody({ name: 'replaced', valid_from: '2001-01-01T00:00:00Z' }))
        .expect(200);
      expect(replaced.body).toMatchObject({
        snapshotId: res.body.snapshotId,
        valid_from: res.body.valid_from,
        name: 'replaced',
        state: 'active',
      });
      expect(await snapshotRows(clientId)).toHaveLength(2);
    });

    it('makes a client that was only scheduled readable at once with an immediate edit', async () => {
      const { clientId } = await createClient({ name: 'later', valid_from: withOffset(fromNow(DAY)) });
      const res = await t.http
        .put(clientPath(clientId))
        .send(clientBody({ name: 'now' }))
        .expect(200);
      expect(res.body.state).toBe('active');
      expect((await t.http.get(clientPath(clientId)).expect(200)).body).toMatchObject({
        snapshotId: res.body.snapshotId,
        name: 'now',
      });
      const ids = (await t.http.get(snapshotsPath(clientId)).expect(200)).body.snapshotIds;
      expect(ids).toHaveLength(2);
      expect(ids[0]).toBe(res.body.snapshotId); // oldest first: the immediate one precedes the scheduled one
    });

    describe('If-Match', () => {
      it('accepts the current ETag and "*", and answers 412 PRECONDITION_FAILED for a stale one without changing anything', async () => {
        const { clientId } = await createClient({ name: 'etag-0' });
        const v0 = await t.http.get(clientPath(clientId)).expect(200);

        const v1 = await t.http
          .put(clientPath(clientId))
          .set('If-Match', v0.headers.etag)
          .send(clientBody({ name: 'etag-1' }))
          .expect(200);
        expect(v1.headers.etag).not.toBe(v0.headers.etag);

        const rows = await snapshotRows(clientId);
        t.events.length = 0;
        const stale = await t.http
          .put(clientPath(clientId))
          .set('If-Match', v0.headers.etag)
          .send(clientBody({ name: 'lost update' }));
        expectProblem(stale, 412, 'PRECONDITION_FAILED');
        expect(await snapshotRows(clientId)).toEqual(rows);
        expect(updatedEvents(clientId)).toHaveLength(0);
        const read = await t.http.get(clientPath(clientId)).expect(200);
        expect(read.body.name).toBe('etag-1');
        expect(read.headers.etag).toBe(v1.headers.etag);

        // A weak tag never matches (strong comparison).
        expectProblem(
          await t.http.put(clientPath(clientId)).set('If-Match', `W/${v1.headers.etag}`).send(clientBody()),
          412,
          'PRECONDITION_FAILED',
        );
        // Any tag of a list may match.
        await t.http
          .put(clientPath(clientId))
          .set('If-Match', `${v0.headers.etag}, ${v1.headers.etag}`)
          .send(clientBody({ name: 'etag-2' }))
          .expect(200);
        await t.http
          .put(clientPath(clientId))
          .set('If-Match', '*')
          .send(clientBody({ name: 'etag-3' }))
          .expect(200);
        expect((await t.http.get(clientPath(clientId)).expect(200)).body.name).toBe('etag-3');
      });

      it('lets exactly one of several concurrent edits with the same ETag through', async () => {
        const { clientId } = await createClient();
        const { etag } = (await t.http.get(clientPath(clientId)).expect(200)).headers;
        const responses = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            t.http
              .put(clientPath(clientId))
              .set('If-Match', etag)
              .send(clientBody({ name: `racer ${i}` })),
          ),
        );
        const winners = responses.filter((r) => r.status === 200);
        expect(winners).toHaveLength(1);
        for (const r of responses.filter((r) => r.status !== 200)) expectProblem(r, 412, 'PRECONDITION_FAILED');
        expect(await snapshotRows(clientId)).toHaveLength(2);
        expect((await t.http.get(clientPath(clientId)).expect(200)).body.name).toBe(winners[0].body.name);
      });
    });

    it('keeps every one of several concurrent immediate edits as its own snapshot, the last one in force', async () => {
      const { clientId } = await createClient();
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.http.put(clientPath(clientId)).send(clientBody({ name: `parallel ${i}` })),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));

      const rows = await snapshotRows(clientId);
      expect(rows).toHaveLength(21);
      expect(new Set(rows.map((r) => r.validFrom.getTime())).size).toBe(21);
      const latest = rows[rows.length - 1];
      // The snapshot served is the one with the latest valid_from, and the client row records it.
      const read = await t.http.get(clientPath(clientId)).expect(200);
      expect(read.body.snapshotId).toBe(latest.id);
      expect((await t.dataSource.getRepository(ClientEntity).findOneByOrFail({ id: clientId })).activeSnapshotId).toBe(
        latest.id,
      );
      // Each answer's valid_from is the one stored for its snapshot.
      for (const r of responses)
        expect(rows.find((row) => row.id === r.body.snapshotId)?.validFrom.toISOString()).toBe(r.body.valid_from);
    });

    describe('client_id and the secret', () => {
      it('refuses to change the OAuth client_id (400 on /client_id) and accepts the same one', async () => {
        const { clientId } = await createClient({ client_id: 'fixed-client-id' });
        const rows = await snapshotRows(clientId);
        const res = await t.http.put(clientPath(clientId)).send(clientBody({ client_id: 'another-client-id' }));
        expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
        expect(res.body.errors).toEqual([{ path: '/client_id', message: expect.any(String) }]);
        expect(res.body.error).toBe('invalid_client_metadata');
        expect(await snapshotRows(clientId)).toEqual(rows);

        const same = await t.http
          .put(clientPath(clientId))
          .send(clientBody({ client_id: 'fixed-client-id' }))
          .expect(200);
        expect(same.body.client_id).toBe('fixed-client-id');
        const omitted = await t.http.put(clientPath(clientId)).send(clientBody()).expect(200);
        expect(omitted.body.client_id).toBe('fixed-client-id');
        expect((await t.http.get(`${clientsPath()}/by-client-id/fixed-client-id`).expect(200)).body).toEqual({
          clientId,
        });
      });

      it('keeps the secret when the body has none', async () => {
        const { clientId } = await createClient({ client_secret: SECRET });
        t.events.length = 0;
        const res = await t.http.put(clientPath(clientId)).send(clientBody()).expect(200);
        expect(res.body).not.toHaveProperty('client_secret');
        expect(res.body.client_secret_set).toBe(true);
        expect((await t.http.get(clientPath(clientId)).expect(200)).body.client_secret_set).toBe(true);

        const rows = await snapshotRows(clientId);
        expect(rows).toHaveLength(2);
        for (const row of rows) expect(decrypt(row.secretEnc, clientId)).toBe(SECRET);

        // A scheduled change without a secret keeps it too.
        const scheduled = await t.http
          .put(clientPath(clientId))
          .send(clientBody({ valid_from: withOffset(fromNow(DAY)) }))
          .expect(200);
        const row = await t.dataSource
          .getRepository(ClientSnapshotEntity)
          .findOneByOrFail({ id: scheduled.body.snapshotId });
        expect(decrypt(row.secretEnc, clientId)).toBe(SECRET);
        for (const event of updatedEvents(clientId)) expect(JSON.stringify(event)).not.toContain(SECRET);
      });

      it('replaces the secret for the new snapshot only when the body sets one, and never echoes it', async () => {
        const { clientId } = await createClient({ client_secret: SECRET });
        t.events.length = 0;
        const res = await t.http
          .put(clientPath(clientId))
          .send(clientBody({ client_secret: NEW_SECRET }))
          .expect(200);
        expect(res.text).not.toContain(NEW_SECRET);
        expect(res.body).not.toHaveProperty('client_secret');
        expect(res.body.client_secret_set).toBe(true);

        const [old, current] = await snapshotRows(clientId);
        expect(current.id).toBe(res.body.snapshotId);
        expect(current.secretEnc).not.toContain(NEW_SECRET);
        expect(decrypt(current.secretEnc, clientId)).toBe(NEW_SECRET);
        expect(decrypt(old.secretEnc, clientId)).toBe(SECRET);
        const events = updatedEvents(clientId);
        expect(events).toHaveLength(1);
        expect(JSON.stringify(events[0])).not.toContain(NEW_SECRET);
        await eventually(async () => {
          const entry = await t.dataSource
            .getRepository(AuditEntryEntity)
            .findOneByOrFail({ eventId: events[0].eventId });
          expect(JSON.stringify(entry)).not.toContain(NEW_SECRET);
        });

        // A scheduled rotation leaves the secret in force now alone.
        const scheduled = await t.http
          .put(clientPath(clientId))
          .send(clientBody({ client_secret: SECRET, valid_from: withOffset(fromNow(DAY)) }))
          .expect(200);
        const rows = await snapshotRows(clientId);
        expect(decrypt(rows.find((r) => r.id === scheduled.body.snapshotId)!.secretEnc, clientId)).toBe(SECRET);
        expect(decrypt(rows.find((r) => r.id === current.id)!.secretEnc, clientId)).toBe(NEW_SECRET);
      });

      it('issues a secret once, uncached, when a public client becomes confidential without one', async () => {
        const { clientId } = await createClient({
          confidentiality_type: 'public',
          redirect_uris: ['com.example.app:/cb'],
        });
        expect((await snapshotRows(clientId))[0].secretEnc).toBeNull();
        t.events.length = 0;

        const res = await t.http
          .put(clientPath(clientId))
          .send(clientBody({ confidentiality_type: 'confidential' }))
          .expect(200);
        expect(res.headers['cache-control']).toBe('no-store');
        const { client_secret } = res.body;
        expect(typeof client_secret).toBe('string');
        expect(Buffer.from(client_secret, 'base64url')).toHaveLength(32);
        expect(res.body).toMatchObject({
          state: 'active',
          confidentiality_type: 'confidential',
          token_endpoint_auth_method: 'client_secret_basic',
          client_secret_set: true,
        });

        const rows = await snapshotRows(clientId);
        expect(rows[1].id).toBe(res.body.snapshotId);
        expect(decrypt(rows[1].secretEnc, clientId)).toBe(client_secret);
        const read = await t.http.get(clientPath(clientId)).expect(200);
        expect(read.body.client_secret_set).toBe(true);
        expect(read.text).not.toContain(client_secret);
        expect(JSON.stringify(updatedEvents(clientId))).not.toContain(client_secret);

        // The next edit without a secret keeps it and shows nothing.
        const next = await t.http.put(clientPath(clientId)).send(clientBody()).expect(200);
        expect(next.body).not.toHaveProperty('client_secret');
        expect(decrypt((await snapshotRows(clientId))[2].secretEnc, clientId)).toBe(client_secret);
      });

      it('drops the secret when a confidential client becomes public', async () => {
        const { clientId } = await createClient({ client_secret: SECRET });
        const res = await t.http
          .put(clientPath(clientId))
          .send(clientBody({ confidentiality_type: 'public', redirect_uris: ['com.example.app:/cb'] }))
          .expect(200);
        expect(res.body).toMatchObject({ token_endpoint_auth_method: 'none', client_secret_set: false });
        expect((await snapshotRows(clientId))[1].secretEnc).toBeNull();
        expect((await t.http.get(clientPath(clientId)).expect(200)).body.client_secret_set).toBe(false);
      });
    });

    describe('errors', () => {
      it('answers 400 INVALID_CLIENT_METADATA with a pointer to every broken field, and stores nothing', async () => {
        const { clientId } = await createClient();
        const rows = await snapshotRows(clientId);
        t.events.length = 0;
        const res = await t.http.put(clientPath(clientId)).send({
          redirect_uris: ['https://app.example.com/cb'],
          grant_types: ['magic'],
          client_secret: 'too-short',
          valid_from: '2030-01-01T00:00:00',
          unknown_field: 1,
        });
        expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
        expect(errorPaths(res)).toEqual(['/client_secret', '/grant_types', '/unknown_field', '/valid_from']);
        expect(res.body.error).toBe('invalid_client_metadata');
        expect(res.text).not.toContain('too-short');
        expect(await snapshotRows(clientId)).toEqual(rows);
        expect(updatedEvents(clientId)).toHaveLength(0);

        const missing = await t.http.put(clientPath(clientId)).send({ name: 'no redirect uris' });
        expectProblem(missing, 400, 'INVALID_CLIENT_METADATA');
        expect(errorPaths(missing)).toEqual(['/redirect_uris']);

        const badUri = await t.http
          .put(clientPath(clientId))
          .send(clientBody({ redirect_uris: ['https://ok.example.com/cb', 'http://app.example.com/cb'] }));
        expectProblem(badUri, 400, 'INVALID_CLIENT_METADATA');
        expect(errorPaths(badUri)).toEqual(['/redirect_uris/1']);
        expect(badUri.body.error).toBe('invalid_redirect_uri');
        expect(await snapshotRows(clientId)).toEqual(rows);
      });

      it('reports a broken redirect URI together with the other broken fields, all at once', async () => {
        const { clientId } = await createClient();
        const res = await t.http
          .put(clientPath(clientId))
          .send({ redirect_uris: ['http://app.example.com/cb'], grant_types: ['magic'] });
        expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
        expect(errorPaths(res)).toEqual(['/grant_types', '/redirect_uris/0']);
        expect(res.body.error).toBe('invalid_redirect_uri');
      });

      it('refuses a valid_from on a day the calendar does not have instead of moving it', async () => {
        const { clientId } = await createClient();
        const rows = await snapshotRows(clientId);
        const res = await t.http
          .put(clientPath(clientId))
          .send(clientBody({ valid_from: '2031-02-30T08:00:00+00:00' }));
        expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
        expect(errorPaths(res)).toEqual(['/valid_from']);
        expect(await snapshotRows(clientId)).toEqual(rows);
      });

      it('answers 400 INVALID_REQUEST for an unknown query parameter', async () => {
        const { clientId } = await createClient();
        const rows = await snapshotRows(clientId);
        const res = await t.http.put(clientPath(clientId)).query({ force: 'true' }).send(clientBody());
        expectProblem(res, 400, 'INVALID_REQUEST');
        expect(res.body.errors).toEqual([{ path: '/force', message: expect.any(String) }]);
        expect(await snapshotRows(clientId)).toEqual(rows);
      });

      it('answers 404 CLIENT_NOT_FOUND for an unknown client and for a client of another setup, which stays unchanged', async () => {
        expectProblem(await t.http.put(clientPath(UNKNOWN_ID)).send(clientBody()), 404, 'CLIENT_NOT_FOUND');
        expectProblem(await t.http.put(clientPath('nope')).send(clientBody()), 404, 'CLIENT_NOT_FOUND');

        const other = await newSetup();
        const { clientId } = await createClient({ name: 'foreign' }, other);
        const rows = await snapshotRows(clientId);
        expectProblem(
          await t.http.put(clientPath(clientId, setupId)).send(clientBody({ name: 'hijacked' })),
          404,
          'CLIENT_NOT_FOUND',
        );
        expect(await snapshotRows(clientId)).toEqual(rows);
        expect((await t.http.get(clientPath(clientId, other)).expect(200)).body.name).toBe('foreign');
      });
    });
  });
  describe('secrets across scheduled changes', () => {
    it('carries a secret replaced now into the scheduled changes that carried the old one, but not into one with its own', async () => {
      const { clientId } = await createClient({ client_secret: SECRET });
      const inherits = (
        await t.http
          .put(clientPath(clientId))
          .send(clientBody({ valid_from: withOffset(fromNow(DAY)) }))
          .expect(200)
      ).body;
      const own = 'a-scheduled-secret-of-its-own-0123456789';
      const ownSecret = (
        await t.http
          .put(clientPath(clientId))
          .send(clientBody({ client_secret: own, valid_from: withOffset(fromNow(2 * DAY)) }))
          .expect(200)
      ).body;
      const rotated = 'a-rotated-secret-in-force-right-now-01234';
      await t.http
        .put(clientPath(clientId))
        .send(clientBody({ client_secret: rotated }))
        .expect(200);

      const rows = await snapshotRows(clientId);
      const secretOf = (snapshotId: string) => decrypt(rows.find((r) => r.id === snapshotId)!.secretEnc, clientId);
      expect(secretOf(inherits.snapshotId)).toBe(rotated);
      expect(secretOf(ownSecret.snapshotId)).toBe(own);
    });
  });
});
