import { AuditEntryEntity } from '@app/audit';
import { DomainEvent, OutboxRelay } from '@app/core';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { PrivateNatsServer, type StreamMessage, testStream, type TestStream } from './support/nats';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { SETUPS } from './support/paths';
import { ShiftedClock } from './support/test-clock';

const HEX32 = /^[0-9a-f]{32}$/;

interface OutboxRow {
  seq: string;
  event_id: string;
  entity_id: string;
  action: string;
  published_at: string | null;
}

const outboxRows = async (t: TestApp): Promise<OutboxRow[]> =>
  (await t.dataSource.query('SELECT seq, event_id, entity_id, action, published_at FROM outbox ORDER BY seq')).map(
    (r: OutboxRow) => ({
      ...r,
      seq: String(r.seq),
      published_at: r.published_at == null ? null : String(r.published_at),
    }),
  );

/** Each entity's event ids, in the order given. */
function perEntity(items: Array<{ entityId: string; eventId: string }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { entityId, eventId } of items) out.set(entityId, [...(out.get(entityId) ?? []), eventId]);
  return out;
}

/** Every stored event is on the stream exactly once, and each entity's events are there in the order they were stored. */
function expectExactlyOnceInOrder(rows: OutboxRow[], messages: StreamMessage[]): void {
  const ids = messages.map((m) => m.msgId);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(rows.map((r) => r.event_id).sort());
  expect(perEntity(messages.map((m) => ({ entityId: m.payload.entityId, eventId: m.msgId })))).toEqual(
    perEntity(rows.map((r) => ({ entityId: r.entity_id, eventId: r.event_id }))),
  );
}

describe.each(DATABASES)('domain events to NATS JetStream on %s', (kind) => {
  describe('with the broker up', () => {
    let stream: TestStream;
    let t: TestApp;

    beforeAll(async () => {
      stream = testStream();
      t = await startTestApp(kind, { outbox: stream.config });
    });
    afterAll(async () => {
      await t.close();
      await stream.drop();
    });

    it('publishes every change once, under its documented subject and payload, in order per entity, and never a secret', async () => {
      const { setupId } = (await t.http.post(SETUPS).send({ name: 'published' }).expect(201)).body;
      const clients = `${SETUPS}/${setupId}/clients`;
      const created = await t.http.post(clients).send(clientBody()).expect(201);
      const { clientId, client_secret: secret } = created.body;
      const supplied = 'a-supplied-secret-that-must-not-be-published-0123';
      await t.http
        .put(`${clients}/${clientId}`)
        .send(clientBody({ client_secret: supplied }))
        .expect(200);
      const scheduled = await t.http
        .put(`${clients}/${clientId}`)
        .send(clientBody({ valid_from: new Date(Date.now() + 3_600_000).toISOString() }))
        .expect(200);
      const etag = (await t.http.get(`${clients}/${clientId}`).expect(200)).headers.etag;
      const rotated = (await t.http.post(`${clients}/${clientId}/secret`).set('if-match', etag).expect(200)).body
        .client_secret;
      await t.http.delete(`${clients}/${clientId}/snapshots/${scheduled.body.snapshotId}`).expect(204);
      const other = (await t.http.post(clients).send(clientBody()).expect(201)).body.clientId;
      await t.http.delete(`${SETUPS}/${setupId}`).expect(204);

      const expected = [
        ['setup.created', setupId],
        ['client.created', clientId],
        ['client.updated', clientId],
        ['client.updated', clientId],
        ['client.updated', clientId],
        ['client.updated', clientId],
        ['client.created', other],
        ['setup.deleted', setupId],
        ['client.deleted', clientId],
        ['client.deleted', other],
      ];
      let messages: StreamMessage[] = [];
      await eventually(async () => {
        messages = await stream.read();
        expect(messages).toHaveLength(expected.length);
      }, 10_000);
      // In order per entity; different entities' events may interleave differently.
      for (const id of [setupId, clientId, other]) {
        expect(messages.filter((m) => m.payload.entityId === id).map((m) => m.payload.type)).toEqual(
          expected.filter(([, e]) => e === id).map(([type]) => type),
        );
      }
      expectExactlyOnceInOrder(await outboxRows(t), messages);

      const { stream: name, subjectPrefix } = stream.config;
      expect(name).toMatch(/^TEST_/);
      const rotation = messages.filter((m) => m.payload.entityId === clientId)[3];
      expect(rotation.subject).toBe(`${subjectPrefix}.oauthv2.${setupId}.client.${clientId}.updated`);
      expect(rotation.msgId).toBe(rotation.payload.eventId);
      expect(rotation.payload).toEqual({
        eventId: expect.stringMatching(HEX32),
        type: 'client.updated',
        module: 'oauthv2',
        setupId,
        entityType: 'client',
        entityId: clientId,
        snapshotId: expect.stringMatching(HEX32),
        validFrom: expect.any(String),
        actor: 'test-admin',
        occurredAt: expect.any(String),
        details: { change: 'secret-rotated', valid_from: rotation.payload.validFrom },
      });
      expect(messages.find((m) => m.payload.type === 'setup.deleted')!.subject).toBe(
        `${subjectPrefix}.oauthv2.${setupId}.setup.${setupId}.deleted`,
      );
      expect(
        messages.find((m) => m.payload.type === 'client.deleted' && m.payload.entityId === clientId)!.payload.details,
      ).toEqual({
        with_setup: true,
        client_id: created.body.client_id,
      });
      const everything = JSON.stringify(messages);
      for (const s of [secret, supplied, rotated]) expect(everything).not.toContain(s);

      // The same events, by id, went to the in-process bus and to the audit trail.
      const published = t.events.filter((e): e is DomainEvent => e instanceof DomainEvent).map((e) => e.eventId);
      expect([...published].sort()).toEqual(messages.map((m) => m.msgId).sort());
      const audited = await t.dataSource.getRepository(AuditEntryEntity).find();
      expect(audited.map((a) => a.eventId).sort()).toEqual([...published].sort());
      await eventually(async () => expect((await outboxRows(t)).every((r) => r.published_at !== null)).toBe(true));
      expect(await t.app.get(OutboxRelay).backlog()).toBe(0);
    });

    it('publishes the resource-server events under their subjects, with the forced flag and the deletions a setup deletion implies', async () => {
      const { setupId } = (await t.http.post(SETUPS).send({ name: 'apis' }).expect(201)).body;
      const servers = `${SETUPS}/${setupId}/resource-servers`;
      const rs = (
        await t.http
          .post(servers)
          .send({ name: 'Accounts', scopes: [{ name: 'accounts:read' }] })
          .expect(201)
      ).body.resourceServerId;
      await t.http
        .post(`${SETUPS}/${setupId}/clients`)
        .send(clientBody({ scopes: ['accounts:read'] }))
        .expect(201);
      await t.http.put(`${servers}/${rs}`).query({ force: 'true' }).send({ name: 'Accounts', scopes: [] }).expect(200);
      await t.http.delete(`${SETUPS}/${setupId}`).expect(204);
      let messages: StreamMessage[] = [];
      await eventually(async () => {
        messages = (await stream.read()).filter((m) => m.payload.entityId === rs);
        expect(messages.map((m) => m.payload.type)).toEqual([
          'resource_server.created',
          'resource_server.updated',
          'resource_server.deleted',
        ]);
      }, 10_000);
      const { subjectPrefix } = stream.config;
      expect(messages[0].subject).toBe(`${subjectPrefix}.oauthv2.${setupId}.resource_server.${rs}.created`);
      expect(messages[0].payload.details).toEqual({
        valid_from: messages[0].payload.validFrom,
        scopes: 'accounts:read',
      });
      expect(messages[1].payload.details).toMatchObject({ change: 'snapshot-added', forced: true });
      expect(messages[2].payload.details).toEqual({ with_setup: true });
    });

    it('stores, audits and publishes nothing for a change that is refused', async () => {
      const { setupId } = (await t.http.post(SETUPS).send({ name: 'refusals' }).expect(201)).body;
      const clients = `${SETUPS}/${setupId}/clients`;
      await t.http
        .post(clients)
        .send(clientBody({ client_id: 'taken' }))
        .expect(201);
      const before = (await outboxRows(t)).length;
      const audited = await t.dataSource.getRepository(AuditEntryEntity).count();
      await t.http
        .post(clients)
        .send(clientBody({ client_id: 'taken' }))
        .expect(409);
      await t.http.put(`${SETUPS}/${setupId}`).set('If-Match', '"99"').send({ name: 'late' }).expect(412);
      expect(await outboxRows(t)).toHaveLength(before);
      expect(await t.dataSource.getRepository(AuditEntryEntity).count()).toBe(audited);
    });
  });

  it('without NATS writes nothing to the outbox, and the audit trail and in-process consumers still see every event', async () => {
    const t = await startTestApp(kind);
    try {
      const { setupId } = (await t.http.post(SETUPS).send({ name: 'embedded' }).expect(201)).body;
      await t.http.post(`${SETUPS}/${setupId}/clients`).send(clientBody()).expect(201);
      expect(await outboxRows(t)).toEqual([]);
      expect(await t.app.get(OutboxRelay).backlog()).toBe(0);
      expect(t.events.map((e) => (e as DomainEvent).action)).toEqual(['setup.created', 'client.created']);
      expect(await t.dataSource.getRepository(AuditEntryEntity).count()).toBe(2);
    } finally {
      await t.close();
    }
  });

  it('keeps published rows for the retention period (by the service clock), or not at all with a retention of 0', async () => {
    const stream = testStream();
    const clock = new ShiftedClock();
    const kept = await startTestApp(kind, { outbox: { ...stream.config, retentionSeconds: 3600 } }, clock);
    try {
      await kept.http.post(SETUPS).send({ name: 'old' }).expect(201);
      await eventually(
        async () => expect((await outboxRows(kept)).map((r) => r.published_at !== null)).toEqual([true]),
        10_000,
      );
      clock.advance(3601 * 1000);
      await kept.http.post(SETUPS).send({ name: 'new' }).expect(201);
      // The first row is past its hour once the clock has moved; the second was published an instant ago.
      // (The relay publishes the second row and deletes the first in either order: wait for both.)
      await eventually(
        async () =>
          expect((await outboxRows(kept)).map((r) => [r.action, r.published_at !== null])).toEqual([
            ['setup.created', true],
          ]),
        10_000,
      );
    } finally {
      await kept.close();
    }
    const none = await startTestApp(kind, { outbox: { ...stream.config, retentionSeconds: 0 } });
    try {
      await none.http.post(SETUPS).send({ name: 'gone once published' }).expect(201);
      await eventually(async () => expect(await stream.read()).toHaveLength(3), 10_000);
      await eventually(async () => expect(await outboxRows(none)).toEqual([]));
    } finally {
      await none.close();
      await stream.drop();
    }
  });

  it('keeps the events while the broker is down, serving requests as usual, and delivers each once and in order when it is back', async () => {
    const nats = await PrivateNatsServer.start();
    const stream = testStream(nats.url);
    const t = await startTestApp(kind, { outbox: stream.config });
    try {
      const relay = t.app.get(OutboxRelay);
      const { setupId } = (await t.http.post(SETUPS).send({ name: 'outage' }).expect(201)).body;
      const clients = `${SETUPS}/${setupId}/clients`;
      await eventually(async () => expect(await stream.read()).toHaveLength(1), 10_000);

      await nats.stop();
      // Several entities, each changed several times, some concurrently with the others.
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await t.http.post(clients).send(clientBody()).expect(201)).body.clientId);
      for (let round = 0; round < 4; round++) {
        await Promise.all(
          ids.map((id) =>
            t.http
              .put(`${clients}/${id}`)
              .send(clientBody({ name: `round ${round}` }))
              .expect(200),
          ),
        );
      }
      await t.http.put(`${SETUPS}/${setupId}`).send({ name: 'renamed while the broker was down' }).expect(200);
      const waiting = 5 + 5 * 4 + 1;
      expect(await relay.backlog()).toBe(waiting);
      const gauge = async () =>
        /^oauth_registry_outbox_backlog (\d+)$/m.exec((await t.as('anonymous').get('/metrics').expect(200)).text)?.[1];
      expect(await gauge()).toBe(String(waiting));
      // A while later nothing is lost, and nothing was published anywhere.
      await new Promise((r) => setTimeout(r, 2500));
      expect(await relay.backlog()).toBe(waiting);

      await nats.start();
      await eventually(async () => expect(await relay.backlog()).toBe(0), 30_000);
      expect(await gauge()).toBe('0');
      const messages = await stream.read();
      expect(messages).toHaveLength(1 + waiting);
      expectExactlyOnceInOrder(await outboxRows(t), messages);
      for (const id of ids) {
        expect(messages.filter((m) => m.payload.entityId === id).map((m) => m.payload.type)).toEqual([
          'client.created',
          'client.updated',
          'client.updated',
          'client.updated',
          'client.updated',
        ]);
      }
    } finally {
      await t.close();
      await stream.drop().catch(() => undefined);
      await nats.dispose();
    }
  });
});
