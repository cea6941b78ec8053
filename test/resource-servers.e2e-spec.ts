import { AuditEntryEntity } from '@app/audit';
import {
  ResourceServerActivation,
  ResourceServerCreatedEvent,
  ResourceServerDeletedEvent,
  ResourceServerSnapshotActivatedEvent,
  ResourceServerUpdatedEvent,
  ScopeCatalog,
} from '@app/resource-servers';
import { newId } from '@app/core';
import { ResourceServerTimeline } from '../libs/resource-servers/src/resource-server.timeline';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { SETUPS } from './support/paths';

const HEX32 = /^[0-9a-f]{32}$/;
const HOUR = 3_600_000;

const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();
const scope = (name: string, more: Record<string, unknown> = {}) => ({ name, ...more });

describe.each(DATABASES)('resource servers on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  async function newSetup(body: Record<string, unknown> = {}): Promise<string> {
    return (
      await t.http
        .post(SETUPS)
        .send({ name: 'landscape', ...body })
        .expect(201)
    ).body.setupId;
  }
  const servers = (setupId: string) => `${SETUPS}/${setupId}/resource-servers`;
  const clients = (setupId: string) => `${SETUPS}/${setupId}/clients`;
  async function newServer(setupId: string, body: Record<string, unknown>): Promise<string> {
    return (await t.http.post(servers(setupId)).send(body).expect(201)).body.resourceServerId;
  }

  describe('the eight endpoints', () => {
    let setupId: string;
    beforeAll(async () => {
      setupId = await newSetup({
        resource_server_defaults: { scope_policy_authorization_code_flow: 'consent_persisted' },
      });
    });

    it('creates a resource server with Location and ETag, reads it back, and announces and audits it', async () => {
      t.events.length = 0;
      const body = {
        name: 'Accounts API',
        owner: 'team-accounts',
        comment: 'Account data',
        uri: 'https://api.example.com/accounts',
        metadata: [{ name: 'department', value: 'Retail', locale: 'en' }],
        scopes: [
          scope('accounts:read', {
            metadata: [{ name: 'title', value: 'Read your accounts', locale: 'en' }],
            custom_claims: 'account_ids',
          }),
          scope('accounts:write', {
            policy_implicit_flow: 'not_allowed',
            policy_authorization_code_flow: 'consent_required',
            policy_refresh_token: 'no_consent',
            policy_force_reauthentication: true,
          }),
        ],
      };
      const res = await t.http.post(servers(setupId)).send(body).expect(201);
      expect(res.body).toEqual({ resourceServerId: expect.stringMatching(HEX32) });
      const id = res.body.resourceServerId;
      expect(res.headers.location).toBe(`${servers(setupId)}/${id}`);

      const read = await t.http.get(`${servers(setupId)}/${id}`).expect(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.body).toEqual({
        resourceServerId: id,
        snapshotId: expect.stringMatching(HEX32),
        valid_from: expect.any(String),
        name: 'Accounts API',
        owner: 'team-accounts',
        comment: 'Account data',
        uri: 'https://api.example.com/accounts',
        metadata: body.metadata,
        scopes: [
          {
            ...body.scopes[0],
            // Left out: the setup's default for the code flow, the built-in ones for the rest.
            policy_implicit_flow: 'consent_required',
            policy_authorization_code_flow: 'consent_persisted',
            policy_refresh_token: 'no_consent',
            policy_force_reauthentication: false,
            inherited: [
              'policy_implicit_flow',
              'policy_authorization_code_flow',
              'policy_refresh_token',
              'policy_force_reauthentication',
            ],
          },
          { ...body.scopes[1], inherited: [] },
        ],
      });
      expect(t.events.find((e) => e instanceof ResourceServerCreatedEvent)).toMatchObject({
        setupId,
        entityId: id,
        snapshotId: read.body.snapshotId,
        actor: 'test-admin',
      });
      await eventually(async () => {
        await expect(
          t.dataSource.getRepository(AuditEntryEntity).findOneByOrFail({ entityId: id }),
        ).resolves.toMatchObject({
          action: 'resource_server.created',
          entityType: 'resource_server',
        });
      });
    });

    it('lists resource servers in force, filtered by name, owner, metadata and validAt', async () => {
      const a = await newServer(setupId, {
        name: 'list-a',
        owner: 'o1',
        metadata: [{ name: 'tier', value: 'gold' }],
        scopes: [],
      });
      const b = await newServer(setupId, { name: 'list-b', owner: 'o1', scopes: [] });
      const later = await newServer(setupId, {
        name: 'list-later',
        owner: 'o1',
        scopes: [],
        valid_from: inFuture(HOUR),
      });
      const list = (query: Record<string, string>) =>
        t.http
          .get(servers(setupId))
          .query(query)
          .expect(200)
          .then((r) => r.body.resourceServerIds as string[]);
      expect(await list({ name: 'list-a' })).toEqual([a]);
      expect((await list({ owner: 'o1' })).sort()).toEqual([a, b].sort());
      expect(await list({ 'metadata.tier': 'gold' })).toEqual([a]);
      expect((await list({ owner: 'o1', validAt: 'any' })).sort()).toEqual([a, b, later].sort());
      expect((await list({ owner: 'o1', validAt: inFuture(2 * HOUR) })).sort()).toEqual([a, b, later].sort());
      await t.http.get(servers(setupId)).query({ colour: 'red' }).expect(400);
    });

    it('edits now and in the future, lists and reads snapshots, cancels a scheduled one, and honours If-Match', async () => {
      const id = await newServer(setupId, { name: 'v1', scopes: [scope('edit:one')] });
      const path = `${servers(setupId)}/${id}`;
      t.events.length = 0;
      const now = await t.http
        .put(path)
        .set('if-match', '"1"')
        .send({ name: 'v2', scopes: [scope('edit:one'), scope('edit:two')] })
        .expect(200);
      expect(now.headers.etag).toBe('"2"');
      expect(now.body).toMatchObject({ name: 'v2', state: 'active' });
      await t.http.put(path).set('if-match', '"1"').send({ name: 'stale', scopes: [] }).expect(412);

      const validFrom = inFuture(HOUR);
      const scheduled = await t.http
        .put(path)
        .send({ name: 'v3', scopes: [scope('edit:one')], valid_from: validFrom })
        .expect(200);
      expect(scheduled.body).toMatchObject({
        name: 'v3',
        state: 'scheduled',
        valid_from: new Date(validFrom).toISOString(),
      });
      expect((await t.http.get(path).expect(200)).body.name).toBe('v2');
      const conflict = await t.http.put(path).send({ name: 'v3b', scopes: [], valid_from: validFrom }).expect(409);
      expect(conflict.body.code).toBe('SNAPSHOT_CONFLICT');

      const ids = (await t.http.get(`${path}/snapshots`).expect(200)).body.snapshotIds;
      expect(ids).toHaveLength(3);
      expect(ids[2]).toBe(scheduled.body.snapshotId);
      expect(
        (
          await t.http
            .get(`${path}/snapshots`)
            .query({ validAt: inFuture(2 * HOUR) })
            .expect(200)
        ).body,
      ).toEqual({ snapshotIds: [scheduled.body.snapshotId] });
      expect((await t.http.get(`${path}/snapshots/${ids[0]}`).expect(200)).body).toMatchObject({
        name: 'v1',
        state: 'historical',
      });
      expect((await t.http.get(`${path}/snapshots/${ids[1]}`).expect(200)).body).toMatchObject({
        name: 'v2',
        state: 'active',
      });

      expect((await t.http.delete(`${path}/snapshots/${ids[1]}`).expect(403)).body.code).toBe('SNAPSHOT_NOT_DELETABLE');
      expect((await t.http.delete(`${path}/snapshots/${ids[0]}`).expect(403)).body.code).toBe('SNAPSHOT_NOT_DELETABLE');
      expect((await t.http.delete(`${path}/snapshots/${'0'.repeat(32)}`).expect(404)).body.code).toBe(
        'SNAPSHOT_NOT_FOUND',
      );
      await t.http.delete(`${path}/snapshots/${ids[2]}`).expect(204);
      expect((await t.http.get(`${path}/snapshots`).expect(200)).body.snapshotIds).toEqual(ids.slice(0, 2));

      const replaced = await t.http
        .put(path)
        .query({ replaceActiveState: 'true' })
        .send({ name: 'v2-fixed', scopes: [scope('edit:one'), scope('edit:two')] })
        .expect(200);
      expect(replaced.body.snapshotId).toBe(ids[1]);
      expect(
        t.events
          .filter((e) => e instanceof ResourceServerUpdatedEvent)
          .map((e) => (e as ResourceServerUpdatedEvent).change),
      ).toEqual(['snapshot-added', 'snapshot-added', 'snapshot-deleted', 'snapshot-replaced']);

      await t.http.delete(path).set('if-match', '"1"').expect(412);
      await t.http.delete(path).expect(204);
      expect((await t.http.get(path).expect(404)).body.code).toBe('RESOURCE_SERVER_NOT_FOUND');
      expect(t.events.find((e) => e instanceof ResourceServerDeletedEvent)).toMatchObject({
        entityId: id,
        snapshotId: ids[1],
      });
    });

    it('answers NOT_YET_VALID before a scheduled resource server starts, and activates it once when it is due', async () => {
      const validFrom = new Date(Date.now() + HOUR);
      const id = await newServer(setupId, {
        name: 'later',
        scopes: [scope('later:one')],
        valid_from: validFrom.toISOString(),
      });
      const early = await t.http.get(`${servers(setupId)}/${id}`).expect(404);
      expect(early.body).toMatchObject({ code: 'NOT_YET_VALID', valid_from: validFrom.toISOString() });

      t.events.length = 0;
      const activation = t.app.get(ResourceServerActivation);
      const after = new Date(validFrom.getTime() + 1);
      expect(await activation.activateDue(after)).toBeGreaterThanOrEqual(1);
      expect(await activation.activateDue(after)).toBe(0);
      const activated = t.events.filter((e) => e instanceof ResourceServerSnapshotActivatedEvent && e.entityId === id);
      expect(activated).toHaveLength(1);
      expect(activated[0]).toMatchObject({ setupId, validFrom });
    });

    it('refuses unknown setups and resource servers of other setups, and non-administrators', async () => {
      const id = await newServer(setupId, { scopes: [] });
      const other = await newSetup();
      expect((await t.http.get(`${servers('f'.repeat(32))}`).expect(404)).body.code).toBe('SETUP_NOT_FOUND');
      expect(
        (
          await t.http
            .post(`${servers('f'.repeat(32))}`)
            .send({ scopes: [] })
            .expect(404)
        ).body.code,
      ).toBe('SETUP_NOT_FOUND');
      expect((await t.http.get(`${servers(other)}/${id}`).expect(404)).body.code).toBe('RESOURCE_SERVER_NOT_FOUND');
      expect(
        (
          await t.http
            .put(`${servers(other)}/${id}`)
            .send({ scopes: [] })
            .expect(404)
        ).body.code,
      ).toBe('RESOURCE_SERVER_NOT_FOUND');
      expect((await t.http.get('/v2/modules/saml/setups/' + setupId + '/resource-servers').expect(404)).body.code).toBe(
        'MODULE_NOT_FOUND',
      );
      // Users read the landscape; only administrators change it.
      await t
        .as('alice')
        .get(`${servers(setupId)}/${id}`)
        .expect(200);
      expect((await t.as('alice').post(servers(setupId)).send({ scopes: [] }).expect(403)).body.code).toBe('FORBIDDEN');
      await t
        .as('alice')
        .put(`${servers(setupId)}/${id}`)
        .send({ scopes: [] })
        .expect(403);
      await t
        .as('alice')
        .delete(`${servers(setupId)}/${id}`)
        .expect(403);
      await t.as('anonymous').get(servers(setupId)).expect(401);
    });

    it('names every broken field of a body at once and stores nothing', async () => {
      const before = (await t.http.get(servers(setupId)).query({ validAt: 'any' }).expect(200)).body.resourceServerIds
        .length;
      const res = await t.http
        .post(servers(setupId))
        .send({
          uri: 'not a url',
          colour: 'red',
          scopes: [
            scope('has space'),
            scope('ok', { policy_implicit_flow: 'sometimes', custom_claims: 'x'.repeat(4097) }),
            scope('ok'),
            { metadata: [] },
          ],
        })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('INVALID_REQUEST');
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
        [
          '/colour',
          '/scopes/0/name',
          '/scopes/1/custom_claims',
          '/scopes/1/policy_implicit_flow',
          '/scopes/2/name',
          '/scopes/3/name',
          '/uri',
        ].sort(),
      );
      expect((await t.http.post(servers(setupId)).send({ name: 'no scopes' }).expect(400)).body.errors).toEqual([
        { path: '/scopes', message: expect.stringContaining('array') },
      ]);
      expect(
        (await t.http.get(servers(setupId)).query({ validAt: 'any' }).expect(200)).body.resourceServerIds,
      ).toHaveLength(before);
    });
  });

  describe('scope names', () => {
    it('are unique within a setup across its resource servers, also at a scheduled instant, and free in other setups', async () => {
      const setupId = await newSetup();
      const a = await newServer(setupId, { name: 'A', scopes: [scope('payments'), scope('moved')] });
      const taken = await t.http
        .post(servers(setupId))
        .send({ name: 'B', scopes: [scope('payments')] })
        .expect(409);
      expect(taken.body).toMatchObject({
        code: 'SCOPE_NAME_TAKEN',
        scopes: [{ scope: 'payments', resourceServerIds: expect.arrayContaining([a]) }],
      });
      // Another setup has its own scope names.
      await newServer(await newSetup(), { scopes: [scope('payments')] });

      // Moving a scope from A to B at one instant: B may declare it from the instant A stops.
      const at = inFuture(HOUR);
      const b = await newServer(setupId, { name: 'B', scopes: [] });
      await t.http
        .put(`${servers(setupId)}/${b}`)
        .send({ name: 'B', scopes: [scope('moved')], valid_from: inFuture(HOUR - 60_000) })
        .expect(409);
      await t.http
        .put(`${servers(setupId)}/${a}`)
        .send({ name: 'A', scopes: [scope('payments')], valid_from: at })
        .expect(200);
      await t.http
        .put(`${servers(setupId)}/${b}`)
        .send({ name: 'B', scopes: [scope('moved')], valid_from: at })
        .expect(200);
    });
  });

  describe('setup defaults', () => {
    it('are inherited by scopes and clients that leave them out, as in force now, and reads say which values are inherited', async () => {
      const setupId = await newSetup({
        client_defaults: {
          grant_types: ['authorization_code', 'refresh_token'],
          access_token_ttl: 600,
          refresh_token_ttl: 86_400,
          force_reauthentication: true,
        },
        resource_server_defaults: { scope_policy_refresh_token: 'consent_required' },
      });
      const rs = await newServer(setupId, {
        scopes: [scope('inherit:me'), scope('own', { policy_refresh_token: 'not_allowed' })],
      });
      const { clientId } = (
        await t.http
          .post(clients(setupId))
          .send(clientBody({ scopes: ['inherit:me'], id_token_ttl: 300 }))
          .expect(201)
      ).body;

      const client = (await t.http.get(`${clients(setupId)}/${clientId}`).expect(200)).body;
      expect(client).toMatchObject({
        grant_types: ['authorization_code', 'refresh_token'],
        access_token_ttl: 600,
        refresh_token_ttl: 86_400,
        id_token_ttl: 300,
        force_reauthentication: true,
      });
      expect(client.inherited.sort()).toEqual([
        'access_token_ttl',
        'force_reauthentication',
        'grant_types',
        'refresh_token_ttl',
      ]);
      expect(client).not.toHaveProperty('persisted_consent_ttl');

      const server = (await t.http.get(`${servers(setupId)}/${rs}`).expect(200)).body;
      expect(server.scopes[0]).toMatchObject({
        policy_refresh_token: 'consent_required',
        inherited: expect.arrayContaining(['policy_refresh_token']),
      });
      expect(server.scopes[1]).toMatchObject({
        policy_refresh_token: 'not_allowed',
        inherited: expect.not.arrayContaining(['policy_refresh_token']),
      });

      // The setup changes its defaults: what is inherited follows; what the client set stays.
      await t.http
        .put(`${SETUPS}/${setupId}`)
        .send({
          name: 'landscape',
          client_defaults: { grant_types: ['authorization_code', 'refresh_token'], access_token_ttl: 120 },
          resource_server_defaults: {},
        })
        .expect(200);
      const after = (await t.http.get(`${clients(setupId)}/${clientId}`).expect(200)).body;
      expect(after).toMatchObject({ access_token_ttl: 120, id_token_ttl: 300 });
      expect(after).not.toHaveProperty('refresh_token_ttl');
      expect(after.inherited.sort()).toEqual(['access_token_ttl', 'grant_types']);
      expect((await t.http.get(`${servers(setupId)}/${rs}`).expect(200)).body.scopes[0].policy_refresh_token).toBe(
        'no_consent',
      );

      // Sending a read back unchanged keeps inheriting: the inherited values are not pinned.
      const { clientId: _c, snapshotId: _s, valid_from: _v, client_secret_set: _cs, ...roundTrip } = after;
      await t.http
        .put(`${clients(setupId)}/${clientId}`)
        .send(roundTrip)
        .expect(200);
      await t.http
        .put(`${SETUPS}/${setupId}`)
        .send({ name: 'landscape', client_defaults: { grant_types: ['authorization_code'], access_token_ttl: 60 } })
        .expect(200);
      expect((await t.http.get(`${clients(setupId)}/${clientId}`).expect(200)).body).toMatchObject({
        access_token_ttl: 60,
        grant_types: ['authorization_code'],
      });
    });
  });

  describe('clients ask only for declared scopes', () => {
    it('lets clients name any scope while the setup has no resource server', async () => {
      const setupId = await newSetup();
      await t.http
        .post(clients(setupId))
        .send(clientBody({ scopes: ['anything', 'goes'] }))
        .expect(201);
    });

    it('refuses a client scope no resource server declares, naming it, on V2 create and edit and on RFC 7591 registration', async () => {
      const setupId = await newSetup();
      await newServer(setupId, { scopes: [scope('openid'), scope('accounts:read')] });
      const ok = (
        await t.http
          .post(clients(setupId))
          .send(clientBody({ scopes: ['openid', 'accounts:read'] }))
          .expect(201)
      ).body.clientId;

      const refused = await t.http
        .post(clients(setupId))
        .send(clientBody({ scopes: ['openid', 'accounts:write'] }))
        .expect(400);
      expect(refused.body).toMatchObject({ code: 'INVALID_CLIENT_METADATA', error: 'invalid_client_metadata' });
      expect(refused.body.errors).toEqual([
        { path: '/scopes/1', message: expect.stringContaining('"accounts:write" is not declared') },
      ]);
      const edit = await t.http
        .put(`${clients(setupId)}/${ok}`)
        .send(clientBody({ scopes: ['nope'] }))
        .expect(400);
      expect(edit.body.errors).toEqual([{ path: '/scopes/0', message: expect.stringContaining('"nope"') }]);
      expect((await t.http.get(`${clients(setupId)}/${ok}`).expect(200)).body.scopes).toEqual([
        'openid',
        'accounts:read',
      ]);

      const dcr = await t.http
        .post(`/v3/modules/oauthv2/setups/${setupId}/clients`)
        .send({ redirect_uris: ['https://dcr.example.com/cb'], scope: 'openid accounts:write' })
        .expect(400);
      expect(dcr.body).toEqual({
        error: 'invalid_client_metadata',
        error_description: expect.stringContaining('accounts:write'),
      });
      expect((await t.http.get(clients(setupId)).query({ validAt: 'any' }).expect(200)).body.clientIds).toEqual([ok]);
    });

    it('accepts a scope that only a scheduled resource-server snapshot declares for clients valid from then on, not before', async () => {
      const setupId = await newSetup();
      const rs = await newServer(setupId, { scopes: [scope('a')] });
      const at = new Date(Date.now() + HOUR);
      await t.http
        .put(`${servers(setupId)}/${rs}`)
        .send({ scopes: [scope('a'), scope('b')], valid_from: at.toISOString() })
        .expect(200);

      const now = await t.http
        .post(clients(setupId))
        .send(clientBody({ scopes: ['a', 'b'] }))
        .expect(400);
      expect(now.body.errors).toEqual([{ path: '/scopes/1', message: expect.stringContaining('"b" is not declared') }]);
      await t.http
        .post(clients(setupId))
        .send(clientBody({ scopes: ['a', 'b'], valid_from: new Date(at.getTime() - 1).toISOString() }))
        .expect(400);
      const later = (
        await t.http
          .post(clients(setupId))
          .send(clientBody({ scopes: ['a', 'b'], valid_from: at.toISOString() }))
          .expect(201)
      ).body.clientId;
      // An existing client schedules the new scope for the same instant.
      const existing = (
        await t.http
          .post(clients(setupId))
          .send(clientBody({ scopes: ['a'] }))
          .expect(201)
      ).body.clientId;
      await t.http
        .put(`${clients(setupId)}/${existing}`)
        .send(clientBody({ scopes: ['a', 'b'], valid_from: at.toISOString() }))
        .expect(200);

      // The other direction: cancelling the scheduled snapshot would strand both clients' scheduled configurations.
      const snapshots = (await t.http.get(`${servers(setupId)}/${rs}/snapshots`).expect(200)).body.snapshotIds;
      const inUse = await t.http.delete(`${servers(setupId)}/${rs}/snapshots/${snapshots[1]}`).expect(409);
      expect(inUse.body).toMatchObject({ code: 'SCOPE_IN_USE', scopes: ['b'], clients_total: 2 });
      expect(inUse.body.clients.map((c: { clientId: string }) => c.clientId).sort()).toEqual([later, existing].sort());
      expect(inUse.body.clients[0]).toMatchObject({
        client_id: expect.any(String),
        scopes: ['b'],
        from: at.toISOString(),
      });
      expect((await t.http.get(`${servers(setupId)}/${rs}/snapshots`).expect(200)).body.snapshotIds).toHaveLength(2);
      await t.http
        .delete(`${servers(setupId)}/${rs}/snapshots/${snapshots[1]}`)
        .query({ force: 'true' })
        .expect(204);
    });

    it('refuses to remove or schedule away a scope that active or scheduled clients use, unless forced', async () => {
      const setupId = await newSetup();
      const rs = await newServer(setupId, { scopes: [scope('keep'), scope('used'), scope('unused')] });
      const active = (
        await t.http
          .post(clients(setupId))
          .send(clientBody({ scopes: ['keep', 'used'] }))
          .expect(201)
      ).body.clientId;
      const path = `${servers(setupId)}/${rs}`;

      // Removing an unused scope is fine; removing a used one now or later is not.
      await t.http
        .put(path)
        .send({ scopes: [scope('keep'), scope('used')] })
        .expect(200);
      const nowRemoval = await t.http
        .put(path)
        .send({ scopes: [scope('keep')] })
        .expect(409);
      expect(nowRemoval.body).toMatchObject({
        code: 'SCOPE_IN_USE',
        scopes: ['used'],
        clients: [{ clientId: active, scopes: ['used'] }],
      });
      const later = inFuture(HOUR);
      const laterRemoval = await t.http
        .put(path)
        .send({ scopes: [scope('keep')], valid_from: later })
        .expect(409);
      expect(laterRemoval.body.clients).toEqual([
        expect.objectContaining({ clientId: active, from: new Date(later).toISOString() }),
      ]);
      expect((await t.http.get(`${path}/snapshots`).expect(200)).body.snapshotIds).toHaveLength(2);

      // Once the client stops using it at that instant, the scheduled removal is accepted.
      await t.http
        .put(`${clients(setupId)}/${active}`)
        .send(clientBody({ scopes: ['keep'], valid_from: later }))
        .expect(200);
      await t.http
        .put(path)
        .send({ scopes: [scope('keep')], valid_from: later })
        .expect(200);
      // Cancelling the client's scheduled change would leave it asking for the removed scope.
      const clientSnapshots = (await t.http.get(`${clients(setupId)}/${active}/snapshots`).expect(200)).body
        .snapshotIds;
      const stranded = await t.http.delete(`${clients(setupId)}/${active}/snapshots/${clientSnapshots[1]}`).expect(409);
      expect(stranded.body).toMatchObject({ code: 'SCOPE_NOT_DECLARED', scopes: ['used'] });

      // Deleting the resource server strands "keep", and "used" until the client's change (another resource server
      // keeps the setup's scopes checked): refused, then forced.
      await newServer(setupId, { scopes: [scope('other')] });
      const deletion = await t.http.delete(path).expect(409);
      expect(deletion.body).toMatchObject({ code: 'SCOPE_IN_USE', scopes: ['keep', 'used'] });
      t.events.length = 0;
      await t.http.delete(path).query({ force: 'true' }).expect(204);
      expect(t.events.find((e) => e instanceof ResourceServerDeletedEvent)).toMatchObject({
        entityId: rs,
        forced: true,
      });
    });

    it('lists the clients a first resource server would leave without their scopes', async () => {
      const setupId = await newSetup();
      const free = (
        await t.http
          .post(clients(setupId))
          .send(clientBody({ scopes: ['legacy'] }))
          .expect(201)
      ).body.clientId;
      const first = await t.http
        .post(servers(setupId))
        .send({ scopes: [scope('modern')] })
        .expect(409);
      expect(first.body).toMatchObject({ code: 'SCOPE_IN_USE', clients: [{ clientId: free, scopes: ['legacy'] }] });
      expect((await t.http.get(servers(setupId)).query({ validAt: 'any' }).expect(200)).body.resourceServerIds).toEqual(
        [],
      );
      await t.http
        .post(servers(setupId))
        .send({ scopes: [scope('legacy')] })
        .expect(201);
    });

    it('deletes resource servers with their setup and announces each', async () => {
      const setupId = await newSetup();
      const rs = await newServer(setupId, { scopes: [scope('gone')] });
      t.events.length = 0;
      await t.http.delete(`${SETUPS}/${setupId}`).expect(204);
      await eventually(() => {
        expect(t.events.find((e) => e instanceof ResourceServerDeletedEvent)).toMatchObject({
          entityId: rs,
          setupId,
          withSetup: true,
        });
      });
    });
  });

  if (kind === 'postgres') {
    it('under concurrent writes, declares a scope name once and never lets a client and a removal both pass', async () => {
      const setupId = await newSetup();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          t.http.post(servers(setupId)).send({ name: `rs${i}`, scopes: [scope('contended')] }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(11).fill(409)]);

      const rs = await newServer(setupId, { scopes: [scope('racy'), scope('stay')] });
      for (let round = 0; round < 5; round++) {
        await t.http
          .put(`${servers(setupId)}/${rs}`)
          .send({ scopes: [scope('racy'), scope('stay')] })
          .expect(200);
        const [client, removal] = await Promise.all([
          t.http.post(clients(setupId)).send(clientBody({ scopes: ['racy'] })),
          t.http.put(`${servers(setupId)}/${rs}`).send({ scopes: [scope('stay')] }),
        ]);
        // Either the client came first (and the removal is refused), or the removal did (and the client is).
        expect([201, 400]).toContain(client.status);
        expect([200, 409]).toContain(removal.status);
        expect(client.status === 201 && removal.status === 200).toBe(false);
        if (client.status === 201) await t.http.delete(`${clients(setupId)}/${client.body.clientId}`).expect(204);
      }

      // The first resource server of a setup against a client it does not cover.
      for (let round = 0; round < 5; round++) {
        const fresh = await newSetup();
        const [client, first] = await Promise.all([
          t.http.post(clients(fresh)).send(clientBody({ scopes: ['legacy'] })),
          t.http.post(servers(fresh)).send({ scopes: [scope('modern')] }),
        ]);
        expect([201, 400]).toContain(client.status);
        expect([201, 409]).toContain(first.status);
        expect(client.status === 201 && first.status === 201).toBe(false);
      }
    });

    it('refuses a client whose create waited for a first resource server not declaring its scope', async () => {
      // A resource-server write holds the setup row; a client create starts meanwhile and waits for it.
      const setupId = await newSetup();
      const writer = t.dataSource.createQueryRunner();
      await writer.startTransaction();
      try {
        await t.app.get(ScopeCatalog).lockForResourceServerWrite(writer.manager, setupId);
        const create = t.http
          .post(clients(setupId))
          .send(clientBody({ scopes: ['legacy'] }))
          .then((res) => res);
        await eventually(async () => {
          const [{ n }] = await t.dataSource.query(
            "SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%guard%'",
          );
          expect(n).toBe(1);
        });
        await t.app
          .get(ResourceServerTimeline)
          .create(writer.manager, { id: newId(), setupId }, { scopes: [{ name: 'modern' }] }, undefined, new Date());
        await writer.commitTransaction();
        // The create read the setup before the resource server existed; it is judged after it, as if it had come later.
        const res = await create;
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'INVALID_CLIENT_METADATA' });
        expect(res.body.errors).toEqual([
          { path: '/scopes/0', message: expect.stringContaining('"legacy" is not declared') },
        ]);
      } finally {
        if (writer.isTransactionActive) await writer.rollbackTransaction();
        await writer.release();
      }
      expect((await t.http.get(clients(setupId)).expect(200)).body.clientIds).toEqual([]);
    });
  }
});
