import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { startTestApp, type TestApp } from './support/test-app';
import { expectProblem } from './support/problems';
import {
  clientFixture,
  ETAG,
  DAY,
  UNKNOWN_ID,
  SECRET,
  fromNow,
  withOffset,
  inZurichSummer,
  errorPaths,
} from './support/client-fixture';

describe.each(DATABASES)('reading clients on %s', (kind) => {
  let t: TestApp;
  let setupId: string;
  const { newSetup, clientsPath, clientPath, snapshotsPath, createClient, snapshotRows } = clientFixture(
    () => t,
    () => setupId,
  );

  beforeAll(async () => {
    t = await startTestApp(kind);
    setupId = await newSetup();
  });
  afterAll(() => t.close());

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
});
