import { ChangeSetAppliedEvent } from '@app/change-sets';
import { ClientCreatedEvent, ClientUpdatedEvent } from '@app/clients';
import { ResourceServerCreatedEvent } from '@app/resource-servers';
import { parse } from 'yaml';
import { DATABASES } from './support/databases';
import { SETUPS } from './support/paths';
import { expectProblem } from './support/problems';
import { startTestApp, type TestApp } from './support/test-app';

describe.each(DATABASES)('configuration as code on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  /** A setup with one resource server and two clients (one with a secret, one public). */
  async function seededSetup() {
    const { setupId } = (
      await t.http
        .post(SETUPS)
        .send({ name: 'Retail', owner: 'sec', client_defaults: { access_token_ttl: 600 } })
        .expect(201)
    ).body;
    const base = `${SETUPS}/${setupId}`;
    await t.http
      .post(`${base}/resource-servers`)
      .send({ name: 'accounts', scopes: [{ name: 'accounts.read', policy_refresh_token: 'no_consent' }] })
      .expect(201);
    await t.http
      .post(`${base}/clients`)
      .send({ client_id: 'web', name: 'Web', redirect_uris: ['https://web.example.com/cb'], scopes: ['accounts.read'] })
      .expect(201);
    await t.http
      .post(`${base}/clients`)
      .send({
        client_id: 'app',
        name: 'App',
        confidentiality_type: 'public',
        redirect_uris: ['com.example.app:/cb'],
      })
      .expect(201);
    return { setupId, base };
  }

  const plan = (base: string, body: object) => t.http.post(`${base}/plan`).send(body);
  const apply = (base: string, document: object, plan_hash: string, valid_from?: string) =>
    t.http.post(`${base}/apply`).send({ document, plan_hash, ...(valid_from ? { valid_from } : {}) });

  it('exports the bodies in force, sorted, without ids or secrets, byte-identical twice, also as YAML', async () => {
    const { base } = await seededSetup();
    const first = await t.http.get(`${base}/export`).expect(200);
    const second = await t.http.get(`${base}/export`).expect(200);
    expect(second.text).toBe(first.text);
    const doc = first.body;
    expect(Object.keys(doc)).toEqual(['setup', 'resource_servers', 'clients']);
    expect(doc.setup).toEqual({ client_defaults: { access_token_ttl: 600 }, name: 'Retail', owner: 'sec' });
    expect(doc.resource_servers).toEqual([
      { name: 'accounts', scopes: [{ name: 'accounts.read', policy_refresh_token: 'no_consent' }] },
    ]);
    expect(doc.clients.map((c: { client_id: string }) => c.client_id)).toEqual(['app', 'web']);
    const web = doc.clients[1];
    expect(web.client_secret).toEqual({ keep: true });
    expect(doc.clients[0].client_secret).toBeUndefined();
    // Inherited values stay inherited; no id, instant or state leaks into the document.
    expect(web).not.toHaveProperty('access_token_ttl');
    expect(web).not.toHaveProperty('grant_types');
    expect(first.text).not.toMatch(/clientId|snapshotId|valid_from|"state"|inherited/);

    const yaml = await t.http.get(`${base}/export`).set('accept', 'application/yaml').expect(200);
    expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
    expect(yaml.text).toMatch(/^setup:/);
    expect(parse(yaml.text)).toEqual(doc);
  });

  it('answers 403 to a non-administrator and 400 to a bad validAt', async () => {
    const { base } = await seededSetup();
    await t.as('alice').get(`${base}/export`).expect(403);
    await t.as('alice').post(`${base}/plan`).send({}).expect(403);
    await t.http.get(`${base}/export?validAt=yesterday`).expect(400);
    const unknown = `${SETUPS}/${'0'.repeat(32)}`;
    expectProblem(await t.http.get(`${unknown}/export`), 404, 'SETUP_NOT_FOUND');
    expect((await plan(unknown, { setup: { name: 'x' } }).expect(404)).body.code).toBe('SETUP_NOT_FOUND');
    const bad = await t.http.post(`${base}/apply`).send({ plan_hash: 1, extra: true, valid_from: 'soon' }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/document', '/extra', '/plan_hash']);
    const past = await t.http
      .post(`${base}/plan`)
      .send({ setup: { name: 'x' }, valid_from: 'soon' })
      .expect(400);
    expect(past.body.errors).toEqual([expect.objectContaining({ path: '/valid_from' })]);
  });

  it('round trip: planning and applying the export changes nothing', async () => {
    const { base } = await seededSetup();
    const doc = (await t.http.get(`${base}/export`).expect(200)).body;
    const planned = (await plan(base, doc).expect(200)).body;
    expect(planned.changes).toEqual([]);
    const snapshotsBefore = (await t.http.get(`${base}/snapshots`).expect(200)).body.snapshotIds;
    t.events.length = 0;
    const applied = (await apply(base, doc, planned.plan_hash).expect(200)).body;
    expect(applied.changes).toEqual([]);
    expect(t.events).toEqual([]);
    expect((await t.http.get(`${base}/snapshots`).expect(200)).body.snapshotIds).toEqual(snapshotsBefore);
  });

  it('plans creates, updates (JSON Patch) and, with prune, deletes; apply does exactly that, once', async () => {
    const { setupId, base } = await seededSetup();
    const doc = (await t.http.get(`${base}/export`).expect(200)).body;
    doc.resource_servers.push({ name: 'payments', scopes: [{ name: 'payments.write' }] });
    doc.clients[1].redirect_uris = ['https://web.example.com/cb', 'https://web.example.com/cb2'];
    doc.clients[1].scopes = ['accounts.read', 'payments.write'];
    doc.clients.splice(0, 1); // app: pruned
    doc.clients.push({
      client_id: 'batch',
      grant_types: ['client_credentials'],
      redirect_uris: ['https://batch.example.com/cb'],
    });
    doc.prune = true;

    const response = await plan(base, doc);
    expect(response.body.errors).toBeUndefined();
    const planned = response.body;
    expect(planned.changes).toEqual([
      {
        action: 'create',
        kind: 'resource_server',
        key: 'payments',
        patch: [
          { op: 'add', path: '/name', value: 'payments' },
          { op: 'add', path: '/scopes', value: [{ name: 'payments.write' }] },
        ],
      },
      expect.objectContaining({ action: 'create', kind: 'client', key: 'batch' }),
      {
        action: 'update',
        kind: 'client',
        key: 'web',
        patch: [
          { op: 'add', path: '/redirect_uris/-', value: 'https://web.example.com/cb2' },
          { op: 'add', path: '/scopes/-', value: 'payments.write' },
        ],
      },
      { action: 'delete', kind: 'client', key: 'app', patch: [] },
    ]);
    // The plan wrote nothing.
    const names = (await t.http.get(`${base}/resource-servers`).expect(200)).body.resourceServerIds;
    expect(names).toHaveLength(1);

    t.events.length = 0;
    const applied = await apply(base, doc, planned.plan_hash).expect(200);
    expect(applied.body.changes).toEqual(planned.changes);
    expect(applied.headers['cache-control']).toBe('no-store');
    expect(Object.keys(applied.body.client_secrets)).toEqual(['batch']);
    const validFrom = applied.body.valid_from;

    const created = t.events.filter((e) => e instanceof ClientCreatedEvent);
    const updated = t.events.filter((e) => e instanceof ClientUpdatedEvent);
    const servers = t.events.filter((e) => e instanceof ResourceServerCreatedEvent);
    const sets = t.events.filter((e) => e instanceof ChangeSetAppliedEvent) as ChangeSetAppliedEvent[];
    expect([created.length, updated.length, servers.length, sets.length]).toEqual([1, 1, 1, 1]);
    expect(t.events).toHaveLength(5); // plus ClientDeleted
    for (const e of [...created, ...updated, ...servers])
      expect((e as ClientCreatedEvent).validFrom!.toISOString()).toBe(validFrom);
    expect(sets[0].memberEventIds).toHaveLength(4);
    expect(sets[0]).toMatchObject({ setupId, actor: 'test-admin' });

    // The audit trail shows the change set with its actor.
    const audit = (await t.http.get(`/v2/audit?entityId=${setupId}`).expect(200)).body.entries;
    expect(
      audit.some(
        (a: { action: string; actor: string }) => a.action === 'setup.change-set-applied' && a.actor === 'test-admin',
      ),
    ).toBe(true);

    // Applying the same document again changes nothing.
    const replanned = (await plan(base, doc).expect(200)).body;
    expect(replanned.changes).toEqual([]);
    t.events.length = 0;
    expect((await apply(base, doc, replanned.plan_hash).expect(200)).body.changes).toEqual([]);
    expect(t.events).toEqual([]);
  });

  it('reports every violation of every entity at once, with pointers into the document, and writes nothing', async () => {
    const { base } = await seededSetup();
    const doc = (await t.http.get(`${base}/export`).expect(200)).body;
    doc.clients[0].redirect_uris = ['https://app.example.com/cb#frag'];
    doc.clients[1].scopes = ['undeclared.scope'];
    doc.clients.push({ name: 'no key', redirect_uris: ['https://x.example.com/cb'] });
    doc.resource_servers[0].scopes[0].policy_implicit_flow = 'sometimes';
    doc.unknown = 1;
    delete doc.setup.name;
    const res = await plan(base, doc);
    expectProblem(res, 400, 'INVALID_REQUEST');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/unknown',
        '/setup/name',
        '/clients/0/redirect_uris/0',
        '/clients/2/client_id',
        '/resource_servers/0/scopes/0/policy_implicit_flow',
      ]),
    );
    // The undeclared scope is found by the domain rule the client handlers apply.
    expect(paths.some((p: string) => p.startsWith('/clients/1/scopes'))).toBe(true);
  });

  it('answers 412 when the state changed between plan and apply, and changes nothing', async () => {
    const { base } = await seededSetup();
    const doc = (await t.http.get(`${base}/export`).expect(200)).body;
    doc.clients[1].name = 'Web (renamed)';
    const planned = (await plan(base, doc).expect(200)).body;
    const webId = (await t.http.get(`${base}/clients/by-client-id/web`).expect(200)).body.clientId;
    await t.http
      .put(`${base}/clients/${webId}`)
      .send({
        client_id: 'web',
        name: 'Concurrent',
        redirect_uris: ['https://web.example.com/cb'],
        scopes: ['accounts.read'],
      })
      .expect(200);
    expectProblem(await apply(base, doc, planned.plan_hash), 412, 'PRECONDITION_FAILED');
    expect((await t.http.get(`${base}/clients/${webId}`).expect(200)).body.name).toBe('Concurrent');
    await apply(base, doc, 'not-the-hash').expect(412);
  });

  it('applies one plan once when two applies race: the other answers 412', async () => {
    const { base } = await seededSetup();
    const doc = (await t.http.get(`${base}/export`).expect(200)).body;
    doc.clients.push({ client_id: 'raced', redirect_uris: ['https://raced.example.com/cb'] });
    doc.clients[1].name = 'Web (raced)';
    const planned = (await plan(base, doc).expect(200)).body;
    const statuses = (await Promise.all([0, 1, 2].map(() => apply(base, doc, planned.plan_hash)))).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 412, 412]);
    const webId = (await t.http.get(`${base}/clients/by-client-id/web`).expect(200)).body.clientId;
    expect((await t.http.get(`${base}/clients/${webId}/snapshots`).expect(200)).body.snapshotIds).toHaveLength(2);
  });

  it('renames a scope and the clients using it in one change set; leaving a client behind is refused', async () => {
    const { base } = await seededSetup();
    const doc = (await t.http.get(`${base}/export`).expect(200)).body;
    doc.resource_servers[0].scopes[0].name = 'accounts.view';
    const stranded = await plan(base, doc).expect(400);
    expect(stranded.body.errors).toEqual([
      expect.objectContaining({ path: '/resource_servers', message: expect.stringMatching(/^SCOPE_IN_USE/) }),
    ]);
    doc.clients[1].scopes = ['accounts.view'];
    const planned = (await plan(base, doc).expect(200)).body;
    expect(planned.changes.map((c: { kind: string; key: string }) => `${c.kind} ${c.key}`)).toEqual([
      'resource_server accounts',
      'client web',
    ]);
    await apply(base, doc, planned.plan_hash).expect(200);
    expect((await t.http.get(`${base}/export`).expect(200)).body).toEqual(doc);
  });

  it('leaves self-registered clients to RFC 7592: not exported, never pruned; the registration policy round-trips', async () => {
    const { setupId } = (
      await t.http
        .post(SETUPS)
        .send({ name: 'open', registration_policy: { access: 'anyone' } })
        .expect(201)
    ).body;
    const base = `${SETUPS}/${setupId}`;
    const registered = await t
      .as('anonymous')
      .post(`/v3/modules/oauthv2/setups/${setupId}/clients`)
      .send({ redirect_uris: ['https://self.example.com/cb'] })
      .expect(201);
    const doc = (await t.http.get(`${base}/export`).expect(200)).body;
    expect(doc.setup.registration_policy).toEqual({ access: 'anyone' });
    expect(doc.clients).toEqual([]);
    const planned = (await plan(base, { ...doc, prune: true }).expect(200)).body;
    expect(planned.changes).toEqual([]);
    const taken = await plan(base, {
      ...doc,
      clients: [{ client_id: registered.body.client_id, redirect_uris: ['https://self.example.com/cb'] }],
    }).expect(400);
    expect(taken.body.errors).toEqual([{ path: '/clients/0', message: expect.stringMatching(/^CLIENT_ID_TAKEN/) }]);
  });
});
