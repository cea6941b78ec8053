import { ClientUpdatedEvent } from '@app/clients';
import { DATABASES } from './support/databases';
import { SETUPS } from './support/paths';
import { expectProblem } from './support/problems';
import { startTestApp, type TestApp } from './support/test-app';

describe.each(DATABASES)('snapshot diff and restore on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  it('compares two client snapshots as a JSON Patch and restores the old one as a new snapshot', async () => {
    const { setupId } = (await t.http.post(SETUPS).send({ name: 'history' }).expect(201)).body;
    const clients = `${SETUPS}/${setupId}/clients`;
    const created = (
      await t.http
        .post(clients)
        .send({ client_id: 'web', name: 'Web', redirect_uris: ['https://old.example.com/cb'] })
        .expect(201)
    ).body;
    const c = `${clients}/${created.clientId}`;
    const [first] = (await t.http.get(`${c}/snapshots`).expect(200)).body.snapshotIds;
    await t.http
      .put(c)
      .send({ name: 'Web 2', redirect_uris: ['https://new.example.com/cb'], contacts: ['ops@example.com'] })
      .expect(200);
    const [, second] = (await t.http.get(`${c}/snapshots`).expect(200)).body.snapshotIds;

    const diff = (await t.http.get(`${c}/snapshots/${first}/diff?to=${second}`).expect(200)).body;
    expect(diff).toEqual({
      from: first,
      to: second,
      patch: [
        { op: 'add', path: '/contacts', value: ['ops@example.com'] },
        { op: 'replace', path: '/name', value: 'Web 2' },
        { op: 'replace', path: '/redirect_uris/0', value: 'https://new.example.com/cb' },
      ],
    });
    // The audit entry of the edit carries the same patch.
    const audit = (await t.http.get(`/v2/audit?entityId=${created.clientId}`).expect(200)).body.entries;
    const edit = audit.find((e: { action: string }) => e.action === 'client.updated');
    expect(edit.details.patch).toEqual(diff.patch);

    // Without `to`: against the snapshot in force now; the secret never shows.
    const sinceFirst = await t.http.get(`${c}/snapshots/${first}/diff`).expect(200);
    expect(sinceFirst.body.patch).toEqual(diff.patch);
    expect(sinceFirst.text).not.toContain(created.client_secret);

    t.events.length = 0;
    const restored = await t.http.post(`${c}/snapshots/${first}/restore`).send({}).expect(200);
    expect(restored.body).toMatchObject({
      name: 'Web',
      redirect_uris: ['https://old.example.com/cb'],
      state: 'active',
      client_secret_set: true,
    });
    expect(restored.body).not.toHaveProperty('client_secret');
    expect(restored.body).not.toHaveProperty('contacts');
    expect(restored.headers.etag).toBeDefined();
    expect(t.events.filter((e) => e instanceof ClientUpdatedEvent)).toHaveLength(1);
    // History is kept: a third snapshot, and the restored one equals the first.
    const ids = (await t.http.get(`${c}/snapshots`).expect(200)).body.snapshotIds;
    expect(ids).toHaveLength(3);
    expect((await t.http.get(`${c}/snapshots/${first}/diff?to=${ids[2]}`).expect(200)).body.patch).toEqual([]);
    expect((await t.http.get(c).expect(200)).body.redirect_uris).toEqual(['https://old.example.com/cb']);
  });

  it('diffs and restores setups and resource servers, also scheduled', async () => {
    const { setupId } = (
      await t.http
        .post(SETUPS)
        .send({ name: 'v1', client_defaults: { access_token_ttl: 60 } })
        .expect(201)
    ).body;
    const s = `${SETUPS}/${setupId}`;
    await t.http.put(s).send({ name: 'v2' }).expect(200);
    const [v1, v2] = (await t.http.get(`${s}/snapshots`).expect(200)).body.snapshotIds;
    expect((await t.http.get(`${s}/snapshots/${v1}/diff?to=${v2}`).expect(200)).body.patch).toEqual([
      { op: 'remove', path: '/client_defaults' },
      { op: 'replace', path: '/name', value: 'v2' },
    ]);
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await t.http.post(`${s}/snapshots/${v1}/restore`).send({ valid_from: at }).expect(200);
    expect(scheduled.body).toMatchObject({ name: 'v1', state: 'scheduled', valid_from: at });
    expect((await t.http.get(s).expect(200)).body.name).toBe('v2');
    await t.as('alice').post(`${s}/snapshots/${v1}/restore`).send({}).expect(403);

    const rs = (
      await t.http
        .post(`${s}/resource-servers`)
        .send({ name: 'api', scopes: [{ name: 'read' }] })
        .expect(201)
    ).body.resourceServerId;
    const r = `${s}/resource-servers/${rs}`;
    await t.http
      .put(r)
      .send({ name: 'api', scopes: [{ name: 'read' }, { name: 'write' }] })
      .expect(200);
    const [r1, r2] = (await t.http.get(`${r}/snapshots`).expect(200)).body.snapshotIds;
    expect((await t.http.get(`${r}/snapshots/${r1}/diff?to=${r2}`).expect(200)).body.patch).toEqual([
      { op: 'add', path: '/scopes/-', value: { name: 'write' } },
    ]);
    const back = await t.http.post(`${r}/snapshots/${r1}/restore`).expect(200);
    expect(back.body.scopes.map((x: { name: string }) => x.name)).toEqual(['read']);
  });

  it('answers 404 for an unknown snapshot and 400 for a bad valid_from', async () => {
    const { setupId } = (await t.http.post(SETUPS).send({ name: 'errors' }).expect(201)).body;
    const s = `${SETUPS}/${setupId}`;
    const [v1] = (await t.http.get(`${s}/snapshots`).expect(200)).body.snapshotIds;
    const unknown = '0'.repeat(32);
    expectProblem(await t.http.get(`${s}/snapshots/${unknown}/diff`), 404, 'SNAPSHOT_NOT_FOUND');
    expect((await t.http.get(`${s}/snapshots/${v1}/diff?to=${unknown}`).expect(404)).body.code).toBe(
      'SNAPSHOT_NOT_FOUND',
    );
    await t.http.post(`${s}/snapshots/${unknown}/restore`).send({}).expect(404);
    const bad = await t.http.post(`${s}/snapshots/${v1}/restore`).send({ valid_from: 'tomorrow' }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: '/valid_from' })]);
  });

  it('puts the patch of every edit in its audit entry, a new secret masked', async () => {
    const { setupId } = (await t.http.post(SETUPS).send({ name: 'audited' }).expect(201)).body;
    const s = `${SETUPS}/${setupId}`;
    await t.http.put(s).send({ name: 'audited', comment: 'now with a comment' }).expect(200);
    const { clientId } = (
      await t.http
        .post(`${s}/clients`)
        .send({ redirect_uris: ['https://a.example.com/cb'] })
        .expect(201)
    ).body;
    const secret = 'a-brand-new-secret-0123456789abcdefghij';
    const at = new Date(Date.now() + 3_600_000).toISOString();
    await t.http
      .put(`${s}/clients/${clientId}`)
      .send({ redirect_uris: ['https://a.example.com/cb'], name: 'later', client_secret: secret, valid_from: at })
      .expect(200);
    const entries = async (entityId: string) =>
      (await t.http.get(`/v2/audit?entityId=${entityId}`).expect(200)).body.entries as Array<{
        action: string;
        details: Record<string, unknown>;
      }>;
    const setupEdit = (await entries(setupId)).find((e) => e.action === 'setup.updated')!;
    expect(setupEdit.details.patch).toEqual([{ op: 'add', path: '/comment', value: 'now with a comment' }]);
    const clientEdits = await entries(clientId);
    const scheduled = clientEdits.find((e) => e.action === 'client.updated')!;
    expect(scheduled.details.patch).toEqual([
      { op: 'add', path: '/name', value: 'later' },
      { op: 'replace', path: '/client_secret', value: '********' },
    ]);
    expect(JSON.stringify(clientEdits)).not.toContain(secret);
  });
});
