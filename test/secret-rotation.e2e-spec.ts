import { ClientSecretVerifier, ClientUpdatedEvent } from '@app/clients';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { SETUPS } from './support/paths';

describe.each(DATABASES)('POST .../clients/:clientId/secret on %s', (kind) => {
  let t: TestApp;
  let clients: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    clients = `${SETUPS}/${(await t.http.post(SETUPS).send({ name: 'rotation' }).expect(201)).body.setupId}/clients`;
  });
  afterAll(() => t.close());

  it('issues a new secret at once and keeps the old one valid for the grace period, then only the new one', async () => {
    const created = await t.as('alice').post(clients).send(clientBody()).expect(201);
    const { clientId, client_secret: old } = created.body;
    t.events.length = 0;
    const before = Date.now();
    const rotated = await t
      .as('alice')
      .post(`${clients}/${clientId}/secret`)
      .set('if-match', created.headers.etag ?? '"1"')
      .send({ grace_period_seconds: 3600 })
      .expect(200);
    expect(rotated.headers['cache-control']).toBe('no-store');
    const { client_secret: fresh, previous_client_secret_valid_until: until } = rotated.body;
    expect(Buffer.from(fresh, 'base64url')).toHaveLength(32);
    expect(Date.parse(until) - before).toBeGreaterThanOrEqual(3_599_000);
    expect(Date.parse(until) - Date.now()).toBeLessThanOrEqual(3_600_000);

    const read = await t.as('alice').get(`${clients}/${clientId}`).expect(200);
    expect(read.body).toMatchObject({ client_secret_set: true, previous_client_secret_valid_until: until });
    expect(JSON.stringify(read.body)).not.toContain(fresh);

    const verifier = t.app.get(ClientSecretVerifier);
    const now = new Date();
    expect(await verifier.verify(clientId, fresh, now)).toBe(true);
    expect(await verifier.verify(clientId, old, now)).toBe(true);
    const after = new Date(Date.parse(until) + 1);
    expect(await verifier.verify(clientId, fresh, after)).toBe(true);
    expect(await verifier.verify(clientId, old, after)).toBe(false);
    expect(await verifier.verify(clientId, 'a-guess-that-was-never-issued-0123456789', now)).toBe(false);

    const event = t.events.find(
      (e): e is ClientUpdatedEvent => e instanceof ClientUpdatedEvent && e.clientId === clientId,
    );
    expect(event).toMatchObject({ change: 'secret-rotated', actor: 'alice' });
    expect(JSON.stringify(t.events)).not.toContain(fresh);
    await eventually(async () => {
      const audit = await t.http.get('/v2/audit').query({ entityId: clientId }).expect(200);
      expect(audit.body.entries.map((e: { details: { change?: string } }) => e.details.change)).toContain(
        'secret-rotated',
      );
      expect(JSON.stringify(audit.body)).not.toContain(fresh);
    });
  });

  it('uses the configured grace period when the body gives none', async () => {
    const { clientId } = (await t.http.post(clients).send(clientBody()).expect(201)).body;
    const rotated = await t.http.post(`${clients}/${clientId}/secret`).set('if-match', '"1"').expect(200);
    expect(Date.parse(rotated.body.previous_client_secret_valid_until) - Date.now()).toBeGreaterThan(86_390_000);
  });

  it('refuses a client without a secret, another owner, and a bad grace period', async () => {
    const publicClient = (
      await t.http
        .post(clients)
        .send(clientBody({ confidentiality_type: 'public', redirect_uris: ['http://127.0.0.1/cb'] }))
        .expect(201)
    ).body;
    expect(
      (await t.http.post(`${clients}/${publicClient.clientId}/secret`).set('if-match', '"1"').expect(400)).body.code,
    ).toBe('INVALID_REQUEST');
    const alices = (await t.as('alice').post(clients).send(clientBody()).expect(201)).body;
    expect((await t.as('bob').post(`${clients}/${alices.clientId}/secret`).set('if-match', '"1"')).status).toBe(403);
    const bad = await t
      .as('alice')
      .post(`${clients}/${alices.clientId}/secret`)
      .send({ grace_period_seconds: -1 })
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: '/grace_period_seconds' })]);
  });
});
