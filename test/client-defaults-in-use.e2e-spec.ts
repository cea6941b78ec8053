import { SetupUpdatedEvent } from '@app/setups';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { startTestApp, type TestApp } from './support/test-app';

const SETUPS = '/v2/modules/oauthv2/setups';
const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();

describe.each(DATABASES)('a change of client_defaults that inheriting clients cannot follow, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  async function setupWithClients() {
    const setupId = (
      await t.http
        .post(SETUPS)
        .send({ name: 'defaults', client_defaults: { grant_types: ['authorization_code'] } })
        .expect(201)
    ).body.setupId;
    const clients = `${SETUPS}/${setupId}/clients`;
    const inheriting = (
      await t.http
        .post(clients)
        .send(clientBody({ response_types: ['code'] }))
        .expect(201)
    ).body.clientId;
    const own = (
      await t.http
        .post(clients)
        .send(clientBody({ grant_types: ['authorization_code'], response_types: ['code'] }))
        .expect(201)
    ).body.clientId;
    const scheduledOnly = (
      await t.http
        .post(clients)
        .send(clientBody({ grant_types: ['authorization_code'], response_types: ['code'] }))
        .expect(201)
    ).body.clientId;
    // Its scheduled change starts inheriting.
    const scheduled = await t.http
      .put(`${clients}/${scheduledOnly}`)
      .send(clientBody({ response_types: ['code'], valid_from: inFuture(3_600_000) }))
      .expect(200);
    return {
      setup: `${SETUPS}/${setupId}`,
      inheriting,
      own,
      scheduledOnly,
      scheduledSnapshot: scheduled.body.snapshotId,
    };
  }

  it('answers 409 CLIENT_DEFAULTS_IN_USE listing the active and scheduled inheriting clients, and changes nothing', async () => {
    const { setup, inheriting, scheduledOnly, scheduledSnapshot } = await setupWithClients();
    t.events.length = 0;
    const res = await t.http
      .put(setup)
      .send({ name: 'defaults', client_defaults: { grant_types: ['client_credentials'] } });
    expect([res.status, res.body.code]).toEqual([409, 'CLIENT_DEFAULTS_IN_USE']);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.clients_total).toBe(2);
    expect(res.body.clients.map((c: { clientId: string }) => c.clientId).sort()).toEqual(
      [inheriting, scheduledOnly].sort(),
    );
    const listedScheduled = res.body.clients.find((c: { clientId: string }) => c.clientId === scheduledOnly);
    expect(listedScheduled).toMatchObject({ snapshotId: scheduledSnapshot, errors: expect.any(Array) });
    expect(listedScheduled.errors.length).toBeGreaterThan(0);
    const read = await t.http.get(setup).expect(200);
    expect(read.body.client_defaults).toEqual({ grant_types: ['authorization_code'] });
    expect(t.events.filter((e) => e instanceof SetupUpdatedEvent)).toEqual([]);
  });

  it('makes the change with ?force=true, and lets through a change every inheriting client can follow', async () => {
    const { setup } = await setupWithClients();
    await t.http
      .put(setup)
      .send({ name: 'defaults', client_defaults: { grant_types: ['authorization_code', 'refresh_token'] } })
      .expect(200);
    await t.http
      .put(setup)
      .send({ name: 'defaults', client_defaults: { access_token_ttl: 60, grant_types: ['authorization_code'] } })
      .expect(200);
    const forced = await t.http
      .put(`${setup}?force=true`)
      .send({ name: 'defaults', client_defaults: { grant_types: ['client_credentials'] } })
      .expect(200);
    expect(forced.body.client_defaults).toEqual({ grant_types: ['client_credentials'] });
  });

  it('judges a scheduled change of the defaults too', async () => {
    const { setup, inheriting } = await setupWithClients();
    const res = await t.http
      .put(setup)
      .send({ name: 'defaults', client_defaults: { grant_types: ['implicit'] }, valid_from: inFuture(7_200_000) });
    expect([res.status, res.body.code]).toEqual([409, 'CLIENT_DEFAULTS_IN_USE']);
    expect(res.body.clients.map((c: { clientId: string }) => c.clientId)).toContain(inheriting);
  });
});
