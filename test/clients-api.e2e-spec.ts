import { AuditEntryEntity } from '@app/audit';
import {
  ClientDeletedEvent,
  ClientEntity,
  ClientSecretCipher,
  ClientSnapshotEntity,
  ClientSnapshotMetadataEntity,
  ClientUpdatedEvent,
} from '@app/clients';
import { SetupDeletedEvent } from '@app/setups';
import { In } from 'typeorm';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { eventually, startTestApp, type TestApp } from './support/test-app';

const HEX32 = /^[0-9a-f]{32}$/;
const ETAG = /^"\d+"$/;
const SETUPS = '/v2/modules/oauthv2/setups';
const DAY = 86_400_000;
const UNKNOWN_ID = '0123456789abcdef0123456789abcdef';
const SECRET = 'original-secret-0123456789-abcdefghijk';
const NEW_SECRET = 'rotated-secret-0123456789-abcdefghijkl';

type HttpResponse = { status: number; headers: Record<string, string>; body: Record<string, unknown>; text?: string };
type Created = { clientId: string; client_id?: string; client_secret?: string };

/** A whole-second instant `ms` from now: what a caller scheduling a change would send. */
const fromNow = (ms: number) => new Date(Math.floor((Date.now() + ms) / 1000) * 1000);
/** ISO-8601 with an explicit offset, as the API requires. */
const withOffset = (d: Date) => d.toISOString().replace('Z', '+00:00');
/** The same instant written in another time zone (+02:00). */
const inZurichSummer = (d: Date) => new Date(d.getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00');

describe.each(DATABASES)('client endpoints on %s', (kind) => {
  let t: TestApp;
  let setupId: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    setupId = await newSetup();
  });
  afterAll(() => t.close());

  async function newSetup(body: Record<string, unknown> = {}): Promise<string> {
    return (await t.http.post(SETUPS).send(body).expect(201)).body.setupId;
  }

  const clientsPath = (setup = setupId) => `${SETUPS}/${setup}/clients`;
  const clientPath = (clientId: string, setup = setupId) => `${clientsPath(setup)}/${clientId}`;
  const snapshotsPath = (clientId: string, setup = setupId) => `${clientPath(clientId, setup)}/snapshots`;

  async function createClient(overrides: Record<string, unknown> = {}, setup = setupId): Promise<Created> {
    const res = await t.http.post(clientsPath(setup)).send(clientBody(overrides)).expect(201);
    return res.body as Created;
  }

  /** A client with three snapshots made by immediate edits: [historical, historical, active]. */
  async function clientWithHistory(overrides: Record<string, unknown> = {}) {
    const { clientId } = await createClient({ name: 'v1', client_secret: SECRET, ...overrides });
    const first = (await t.http.get(clientPath(clientId)).expect(200)).body;
    const second = (
      await t.http
        .put(clientPath(clientId))
        .send(clientBody({ name: 'v2', ...overrides }))
        .expect(200)
    ).body;
    const third = (
      await t.http
        .put(clientPath(clientId))
        .send(clientBody({ name: 'v3', ...overrides }))
        .expect(200)
    ).body;
    return { clientId, snapshots: [first, second, third] as Array<Record<string, string>> };
  }

  const expectProblem = (res: HttpResponse, status: number, code: string) => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status,
      code,
      type: expect.stringContaining(code.toLowerCase().replace(/_/g, '-')),
      title: expect.any(String),
      detail: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toMatch(
      /\bat .*\.(js|ts):\d+|SELECT|INSERT|UPDATE|DELETE FROM|QueryFailedError/,
    );
  };

  const errorPaths = (res: HttpResponse) =>
    ((res.body.errors ?? []) as Array<{ path: string }>).map((e) => e.path).sort();

  const snapshotRows = (clientId: string) =>
    t.dataSource
      .getRepository(ClientSnapshotEntity)
      .find({ where: { ownerId: clientId }, order: { validFrom: 'ASC' } });

  const decrypt = (secretEnc: string | null, clientId: string) =>
    t.app.get(ClientSecretCipher).decrypt(secretEnc!, clientId);

  const updatedEvents = (clientId: string) =>
    t.events.filter((e): e is ClientUpdatedEvent => e instanceof ClientUpdatedEvent && e.clientId === clientId);
  const deletedEvents = (clientId: string) =>
    t.events.filter((e): e is ClientDeletedEvent => e instanceof ClientDeletedEvent && e.clientId === clientId);

  async function expectAudit(eventId: string, expected: Record<string, unknown>) {
    await eventually(async () => {
      const entry = await t.dataSource.getRepository(AuditEntryEntity).findOneByOrFail({ eventId });
      expect(entry).toMatchObject({ actor: 'test-admin', entityType: 'client', ...expected });
    });
  }

  // ---------------------------------------------------------------------------------------------
  describe('GET /clients', () => {
    it('lists the ids of the clients in force now, ascending, in this setup only', async () => {
      const setup = await newSetup();
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await createClient({}, setup)).clientId);
      await createClient({}, setupId); // another setup's client

      const res = await t.http.get(clientsPath(setup)).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ clientIds: [...ids].sort(), next: null });
      expect(res.headers.link).toBeUndefined();

      const empty = await newSetup();
      expect((await t.http.get(clientsPath(empty)).expect(200)).body).toEqual({ clientIds: [], next: null });
    });

    it('filters by name, owner, OAuth client_id and metadata (ANDed)', async () => {
      const setup = await newSetup();
      const a = (
        await createClient(
          {
            name: 'Mobile app',
            owner: 'team-a',
            client_id: 'mobile-app',
            metadata: [
              { name: 'tier', value: 'gold', locale: 'en' },
              { name: 'region', value: 'eu', locale: 'en' },
            ],
          },
          setup,
        )
      ).clientId;
      const b = (
        await createClient(
          {
            name: 'Web app',
            owner: 'team-a',
            client_id: 'web-app',
            metadata: [
              { name: 'tier', value: 'gold', locale: 'en' },
              { name: 'region', value: 'us', locale: 'en' },
            ],
          },
          setup,
        )
      ).clientId;
      const c = (await createClient({ name: 'Batch job', owner: 'team-b', client_id: 'batch' }, setup)).clientId;
      const list = async (query: Record<string, string>) =>
        (await t.http.get(clientsPath(setup)).query(query).expect(200)).body.clientIds;

      expect(await list({ name: 'Mobile app' })).toEqual([a]);
      expect(await list({ owner: 'team-a' })).toEqual([a, b].sort());
      expect(await list({ owner: 'team-b' })).toEqual([c]);
      expect(await list({ client_id: 'web-app' })).toEqual([b]);
      // client_id is the OAuth client_id, never the internal id.
      expect(await list({ client_id: a })).toEqual([]);
      expect(await list({ 'metadata.tier': 'gold' })).toEqual([a, b].sort());
      expect(await list({ 'metadata.tier': 'gold', 'metadata.region': 'eu' })).toEqual([a]);
      expect(await list({ 'metadata.tier': 'gold', 'metadata.region': 'asia' })).toEqual([]);
      expect(await list({ owner: 'team-a', name: 'Web app' })).toEqual([b]);
      expect(await list({ owner: 'team-a', name: 'Batch job' })).toEqual([]);
      expect(await list({ name: 'nobody' })).toEqual([]);
    });

    it('filters on the configuration in force at validAt, not on an older or newer one', async () => {
      const setup = await newSetup();
      const { clientId } = await createClient({ name: 'before-rename' }, setup);
      const created = (await t.http.get(clientPath(clientId, setup)).expect(200)).body;
      const renamed = (
        await t.http
          .put(clientPath(clientId, setup))
          .send(clientBody({ name: 'after-rename' }))
          .expect(200)
      ).body;
      const list = async (query: Record<string, string>) =>
        (await t.http.get(clientsPath(setup)).query(query).expect(200)).body.clientIds;

      expect(await list({ name: 'after-rename' })).toEqual([clientId]);
      expect(await list({ name: 'before-rename' })).toEqual([]);
      expect(await list({ name: 'before-rename', validAt: created.valid_from })).toEqual([clientId]);
      expect(await list({ name: 'after-rename', validAt: created.valid_from })).toEqual([]);
      expect(await list({ name: 'after-rename', validAt: renamed.valid_from })).toEqual([clientId]);
      // Before the client existed.
      expect(await list({ validAt: '2001-01-01T00:00:00+00:00' })).toEqual([]);
    });

    it('leaves out a client whose only snapshot is scheduled, unless validAt covers it', async () => {
      const setup = await newSetup();
      const active = (await createClient({}, setup)).clientId;
      const validFrom = fromNow(DAY);
      const scheduled = (await createClient({ name: 'scheduled-client', valid_from: withOffset(validFrom) }, setup))
        .clientId;
      const list = async (query: Record<string, string> = {}) =>
        (await t.http.get(clientsPath(setup)).query(query).expect(200)).body.clientIds;

      expect(await list()).toEqual([active]);
      expect(await list({ validAt: 'any' })).toEqual([active, scheduled].sort());
      expect(await list({ validAt: validFrom.toISOString() })).toEqual([active, scheduled].sort());
      expect(await list({ validAt: inZurichSummer(validFrom) })).toEqual([active, scheduled].sort());
      expect(await list({ validAt: new Date(validFrom.getTime() - 1).toISOString() })).toEqual([active]);
      expect(await list({ name: 'scheduled-client' })).toEqual([]);
      expect(await list({ name: 'scheduled-client', validAt: 'any' })).toEqual([scheduled]);
    });

    it('pages with limit and an opaque cursor, with next in the body and a Link header', async () => {
      const setup = await newSetup();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await createClient({ owner: 'pager' }, setup)).clientId);
      ids.sort();

      const first = await t.http.get(clientsPath(setup)).query({ owner: 'pager', limit: 2 }).expect(200);
      expect(first.body).toEqual({ clientIds: ids.slice(0, 2), next: expect.any(String) });
      expect(first.body.next).not.toContain(ids[1]); // opaque, not the raw id
      const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.link);
      expect(link).not.toBeNull();
      const linkUrl = new URL(link![1], 'http://x');
      expect(linkUrl.pathname).toBe(clientsPath(setup));
      expect(Object.fromEntries(linkUrl.searchParams)).toEqual({ owner: 'pager', limit: '2', cursor: first.body.next });

      // Following the Link header keeps the filter and the page size.
      const second = await t.http.get(link![1]).expect(200);
      expect(second.body).toEqual({ clientIds: ids.slice(2, 4), next: expect.any(String) });

      const third = await t.http
        .get(clientsPath(setup))
        .query({ owner: 'pager', limit: 2, cursor: second.body.next })
        .expect(200);
      expect(third.body).toEqual({ clientIds: ids.slice(4), next: null });
      expect(third.headers.link).toBeUndefined();

      // A page that ends exactly at the last client has no next page.
      const exact = await t.http.get(clientsPath(setup)).query({ limit: 5 }).expect(200);
      expect(exact.body).toEqual({ clientIds: ids, next: null });
      expect(exact.headers.link).toBeUndefined();
      expect((await t.http.get(clientsPath(setup)).query({ limit: 1000 }).expect(200)).body.clientIds).toEqual(ids);
    });

    it('answers 100 ids per page by default', async () => {
      const setup = await newSetup();
      const created = await Promise.all(
        Array.from({ length: 101 }, () => t.http.post(clientsPath(setup)).send(clientBody())),
      );
      expect(created.map((r) => r.status)).toEqual(Array(101).fill(201));
      const ids = created.map((r) => r.body.clientId as string).sort();

      const first = await t.http.get(clientsPath(setup)).expect(200);
      expect(first.body.clientIds).toEqual(ids.slice(0, 100));
      expect(first.headers.link).toMatch(/; rel="next"$/);
      const second = await t.http.get(clientsPath(setup)).query({ cursor: first.body.next }).expect(200);
      expect(second.body).toEqual({ clientIds: ids.slice(100), next: null });
    });

    it.each([
      ['limit=0', { limit: '0' }, '/limit'],
      ['limit=1001', { limit: '1001' }, '/limit'],
      ['limit=-1', { limit: '-1' }, '/limit'],
      ['limit=1.5', { limit: '1.5' }, '/limit'],
      ['limit=ten', { limit: 'ten' }, '/limit'],
      ['a cursor this service did not issue', { cursor: 'not-a-cursor' }, '/cursor'],
      ['a cursor forged from a raw id', { cursor: UNKNOWN_ID }, '/cursor'],
      ['validAt without an offset', { validAt: '2026-12-01T08:00:00' }, '/validAt'],
      ['validAt that is not a date', { validAt: 'yesterday' }, '/validAt'],
      ['validAt on a day the calendar does not have', { validAt: '2026-02-30T00:00:00Z' }, '/validAt'],
      ['an unknown query parameter', { sort: 'name' }, '/sort'],
      ['an empty metadata filter name', { 'metadata.': 'x' }, '/metadata.'],
    ])('answers 400 INVALID_REQUEST for %s', async (_label, query, path) => {
      const res = await t.http.get(clientsPath()).query(query);
      expectProblem(res, 400, 'INVALID_REQUEST');
      expect(res.body.errors).toEqual([{ path, message: expect.any(String) }]);
    });

    it('answers 400 for a parameter given twice, and reports every bad parameter at once', async () => {
      const twice = await t.http.get(`${clientsPath()}?name=a&name=b`);
      expectProblem(twice, 400, 'INVALID_REQUEST');
      expect(errorPaths(twice)).toEqual(['/name']);

      const several = await t.http.get(clientsPath()).query({ limit: 0, cursor: 'zzz', validAt: 'soon', foo: 'bar' });
      expectProblem(several, 400, 'INVALID_REQUEST');
      expect(errorPaths(several)).toEqual(['/cursor', '/foo', '/limit', '/validAt']);
    });

    it.each([
      ['an unknown setup', UNKNOWN_ID],
      ['a malformed setup id', 'not-a-setup'],
    ])('answers 404 SETUP_NOT_FOUND for %s', async (_label, id) => {
      expectProblem(await t.http.get(clientsPath(id)), 404, 'SETUP_NOT_FOUND');
    });

    it('answers 404 MODULE_NOT_FOUND for another module', async () => {
      expectProblem(await t.http.get(`/v2/modules/saml/setups/${setupId}/clients`), 404, 'MODULE_NOT_FOUND');
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('GET /clients/names', () => {
    it('maps the id of every client in force now to its current name (null when unnamed)', async () => {
      const setup = await newSetup();
      const named = (await createClient({ name: 'Named' }, setup)).clientId;
      const unnamed = (await createClient({ name: undefined }, setup)).clientId;
      await createClient({ name: 'Not yet', valid_from: withOffset(fromNow(DAY)) }, setup);
      await createClient({ name: 'Elsewhere' }, setupId);
      await t.http
        .put(clientPath(named, setup))
        .send(clientBody({ name: 'Renamed' }))
        .expect(200);
      await t.http
        .put(clientPath(named, setup))
        .send(clientBody({ name: 'Later name', valid_from: withOffset(fromNow(DAY)) }))
        .expect(200);

      const res = await t.http.get(`${clientsPath(setup)}/names`).expect(200);
      expect(res.body).toEqual({ clientNames: { [named]: 'Renamed', [unnamed]: null } });
    });

    it('answers an empty map for a setup without clients and 404 SETUP_NOT_FOUND for an unknown setup', async () => {
      expect((await t.http.get(`${clientsPath(await newSetup())}/names`).expect(200)).body).toEqual({
        clientNames: {},
      });
      expectProblem(await t.http.get(`${clientsPath(UNKNOWN_ID)}/names`), 404, 'SETUP_NOT_FOUND');
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('GET /clients/by-client-id/:oauthClientId', () => {
    it('translates an OAuth client_id into the internal id of this setup', async () => {
      const { clientId } = await createClient({ client_id: 'lookup-me' });
      const other = await newSetup();
      const { clientId: otherId } = await createClient({ client_id: 'lookup-me' }, other);

      expect((await t.http.get(`${clientsPath()}/by-client-id/lookup-me`).expect(200)).body).toEqual({ clientId });
      expect((await t.http.get(`${clientsPath(other)}/by-client-id/lookup-me`).expect(200)).body).toEqual({
        clientId: otherId,
      });
    });

    it('translates a client_id holding characters that must be escaped in a path', async () => {
      const oauthClientId = 'urn:example:app/web client?x=1';
      const { clientId } = await createClient({ client_id: oauthClientId });
      const res = await t.http.get(`${clientsPath()}/by-client-id/${encodeURIComponent(oauthClientId)}`).expect(200);
      expect(res.body).toEqual({ clientId });
    });

    it('answers 404 CLIENT_NOT_FOUND for an unknown client_id, or one of another setup, and SETUP_NOT_FOUND for an unknown setup', async () => {
      expectProblem(await t.http.get(`${clientsPath()}/by-client-id/no-such-client`), 404, 'CLIENT_NOT_FOUND');
      const { clientId } = await createClient({ client_id: 'only-in-main-setup' });
      expectProblem(
        await t.http.get(`${clientsPath(await newSetup())}/by-client-id/only-in-main-setup`),
        404,
        'CLIENT_NOT_FOUND',
      );
      // The internal id is not an OAuth client_id.
      expectProblem(await t.http.get(`${clientsPath()}/by-client-id/${clientId}`), 404, 'CLIENT_NOT_FOUND');
      expectProblem(
        await t.http.get(`${clientsPath(UNKNOWN_ID)}/by-client-id/only-in-main-setup`),
        404,
        'SETUP_NOT_FOUND',
      );
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('GET /clients/:clientId', () => {
    it('answers the active snapshot with an ETag, saying a secret is set but never showing it', async () => {
      const body = clientBody({
        name: 'Read me',
        owner: 'team-read',
        comment: 'c',
        client_id: 'read-me',
        client_secret: SECRET,
      });
      const { clientId } = (await t.http.post(clientsPath()).send(body).expect(201)).body;
      const [snapshot] = await snapshotRows(clientId);

      const res = await t.http.get(clientPath(clientId)).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers.etag).toMatch(ETAG);
      const { client_secret: _secret, ...definition } = body;
      expect(res.body).toEqual({
        clientId,
        snapshotId: snapshot.id,
        ...definition,
        client_id: 'read-me',
        confidentiality_type: 'confidential',
        token_endpoint_auth_method: 'client_secret_basic',
        valid_from: snapshot.validFrom.toISOString(),
        client_secret_set: true,
        // Left out, so inherited (this setup has no client_defaults: the built-in default).
        grant_types: ['authorization_code'],
        inherited: ['grant_types'],
      });
      expect(res.body).not.toHaveProperty('client_secret');
      expect(res.body).not.toHaveProperty('state');
      expect(res.text).not.toContain(SECRET);
    });

    it('says no secret is set for a public client', async () => {
      const { clientId } = await createClient({
        confidentiality_type: 'public',
        redirect_uris: ['com.example.app:/cb'],
      });
      const res = await t.http.get(clientPath(clientId)).expect(200);
      expect(res.body).toMatchObject({
        clientId,
        confidentiality_type: 'public',
        token_endpoint_auth_method: 'none',
        client_secret_set: false,
      });
      expect(res.body).not.toHaveProperty('client_secret');
    });

    it.each([
      ['an unknown id', UNKNOWN_ID],
      ['a malformed id', 'not-a-client'],
      ['an upper-case id', 'ABCDEF0123456789ABCDEF0123456789'],
    ])('answers 404 CLIENT_NOT_FOUND for %s', async (_label, id) => {
      expectProblem(await t.http.get(clientPath(id)), 404, 'CLIENT_NOT_FOUND');
    });

    it('answers 404 CLIENT_NOT_FOUND for a client of another setup', async () => {
      const other = await newSetup();
      const { clientId } = await createClient({}, other);
      await t.http.get(clientPath(clientId, other)).expect(200);
      expectProblem(await t.http.get(clientPath(clientId, setupId)), 404, 'CLIENT_NOT_FOUND');
    });

    it('answers 404 SETUP_NOT_FOUND for a client under an unknown setup, whether or not the client exists', async () => {
      const { clientId } = await createClient();
      expectProblem(await t.http.get(clientPath(clientId, UNKNOWN_ID)), 404, 'SETUP_NOT_FOUND');
      expectProblem(await t.http.get(clientPath(UNKNOWN_ID, UNKNOWN_ID)), 404, 'SETUP_NOT_FOUND');
      expectProblem(await t.http.put(clientPath(clientId, UNKNOWN_ID)).send(clientBody()), 404, 'SETUP_NOT_FOUND');
    });

    it('refuses query parameters on a route that takes none', async () => {
      const { clientId } = await createClient();
      for (const path of [clientPath(clientId), `${clientsPath()}/names`, `${snapshotsPath(clientId)}/${UNKNOWN_ID}`]) {
        const res = await t.http.get(path).query({ validat: 'any' });
        expectProblem(res, 400, 'INVALID_REQUEST');
        expect(errorPaths(res)).toEqual(['/validat']);
      }
      expectProblem(await t.http.delete(clientPath(clientId)).query({ force: 'true' }), 400, 'INVALID_REQUEST');
      await t.http.get(clientPath(clientId)).expect(200);
    });

    it('answers 404 NOT_YET_VALID with valid_from for a client whose only snapshot is scheduled', async () => {
      const validFrom = fromNow(DAY);
      const { clientId } = await createClient({ valid_from: inZurichSummer(validFrom) });
      const res = await t.http.get(clientPath(clientId));
      expectProblem(res, 404, 'NOT_YET_VALID');
      expect(res.body.valid_from).toBe(validFrom.toISOString());
      expect(res.headers.etag).toBeUndefined();
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('PUT /clients/:clientId', () => {
    it('replaces the whole definition at once: a new active snapshot, the old one historical', async () => {
      const { clientId } = await createClient({
        name: 'Before',
        owner: 'old-owner',
        comment: 'goes away',
        client_secret: SECRET,
      });
      const before = await t.http.get(clientPath(clientId)).expect(200);
      t.events.length = 0;

      const body = clientBody({ name: 'After', scopes: ['openid'] });
      const res = await t.http.put(clientPath(clientId)).send(body).expect(200);
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
      expect(Math.abs(Date.parse(res.body.valid_from) - Date.now())).toBeLessThan(10_000);
      expect(Date.parse(res.body.valid_from)).toBeGreaterThan(Date.parse(before.body.valid_from));
      expect(res.body).not.toHaveProperty('client_secret');
      expect(res.headers['cache-control'] ?? '').not.toContain('no-store');

      // No partial update: what the body left out is gone.
      const after = await t.http.get(clientPath(clientId)).expect(200);
      const { state: _state, ...view } = res.body;
      expect(after.body).toEqual(view);
      expect(after.body.owner).toBe('old-owner');
      expect(after.body).not.toHaveProperty('comment');
      expect(after.headers.etag).toBe(res.headers.etag);

      expect((await t.http.get(snapshotsPath(clientId)).expect(200)).body).toEqual({
        snapshotIds: [before.body.snapshotId, res.body.snapshotId],
      });
      expect((await t.http.get(`${snapshotsPath(clientId)}/${before.body.snapshotId}`).expect(200)).body).toMatchObject(
        { state: 'historical', name: 'Before' },
      );
      const client = await t.dataSource.getRepository(ClientEntity).findOneByOrFail({ id: clientId });
      expect(client.activeSnapshotId).toBe(res.body.snapshotId);
      expect((await snapshotRows(clientId)).map((s) => s.state)).toEqual(['settled', 'settled']);

      const events = updatedEvents(clientId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        eventId: expect.stringMatching(HEX32),
        setupId,
        clientId,
        snapshotId: res.body.snapshotId,
        validFrom: new Date(res.body.valid_from),
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

  // ---------------------------------------------------------------------------------------------
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

  describe('DELETE /clients/:clientId', () => {
    it('deletes the client with all its snapshots, announces it once and records it', async () => {
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
      expectProblem(await t.http.get(`${snapshotsPath(clientId)}/${snapshotIds[0]}`), 404, 'CLIENT_NOT_FOUND');
      expectProblem(await t.http.get(`${clientsPath()}/by-client-id/to-be-deleted`), 404, 'CLIENT_NOT_FOUND');
      expect(
        (await t.http.get(clientsPath()).query({ validAt: 'any', client_id: 'to-be-deleted' }).expect(200)).body
          .clientIds,
      ).toEqual([]);
      expect((await t.http.get(`${clientsPath()}/names`).expect(200)).body.clientNames).not.toHaveProperty(clientId);
      expect(await t.dataSource.getRepository(ClientEntity).countBy({ id: clientId })).toBe(0);
      expect(await t.dataSource.getRepository(ClientSnapshotEntity).countBy({ ownerId: clientId })).toBe(0);
      expect(
        await t.dataSource.getRepository(ClientSnapshotMetadataEntity).countBy({ snapshotId: In(snapshotIds) }),
      ).toBe(0);

      const events = deletedEvents(clientId);
      expect(events).toHaveLength(1);
      // It names the snapshot that was in force when the client was deleted.
      const rows = await t.dataSource.getRepository(ClientSnapshotEntity).findBy({ ownerId: clientId });
      expect(rows).toEqual([]);
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

  // ---------------------------------------------------------------------------------------------
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

  // ---------------------------------------------------------------------------------------------
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

  // ---------------------------------------------------------------------------------------------
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
        expect(await t.dataSource.getRepository(ClientEntity).countBy({ id: clientId })).toBe(0);
        expect(await t.dataSource.getRepository(ClientSnapshotEntity).countBy({ ownerId: clientId })).toBe(0);
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
