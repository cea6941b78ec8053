import { AuditEntryEntity } from '@app/audit';
import { ConsentGrantedEvent, ConsentRevokedEvent } from '@app/clients';
import { clientBody } from './factories/client.factory';
import { CONSENT_BODY } from './fixtures/nevismeta-bodies';
import { DATABASES } from './support/databases';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { ShiftedClock } from './support/test-clock';

const SETUPS = '/v2/modules/oauthv2/setups';

describe.each(DATABASES)('persisted consents on %s', (kind) => {
  let t: TestApp;
  const clock = new ShiftedClock();
  let setupId: string;
  let clientId: string;
  let otherClientId: string;
  const as = () => t.as('authorizationServer');
  const consentPath = (version: 'v2' | 'v3', id = clientId) =>
    `/${version}/modules/oauthv2/setups/${setupId}/clients/${id}/persisted-consent`;
  const consents = () => `${SETUPS}/${setupId}/consents`;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, clock);
    setupId = (
      await t.http
        .post(SETUPS)
        .send({ name: 'consents', client_defaults: { persisted_consent_ttl: 3600 } })
        .expect(201)
    ).body.setupId;
    clientId = (
      await t.http
        .post(`${SETUPS}/${setupId}/clients`)
        .send(clientBody({ client_id: 'web', scopes: ['openid', 'profile', 'email'] }))
        .expect(201)
    ).body.clientId;
    otherClientId = (
      await t.http
        .post(`${SETUPS}/${setupId}/clients`)
        .send(clientBody({ client_id: 'mobile', scopes: ['openid'], persisted_consent_ttl: 60 }))
        .expect(201)
    ).body.clientId;
  });
  afterAll(() => t.close());

  it('records a consent from the authorization server with issue_date now and the effective TTL, announced and audited', async () => {
    t.events.length = 0;
    const before = clock.now().getTime();
    const res = await as().put(consentPath('v2')).query({ user: 'alice' }).send(CONSENT_BODY).expect(200);
    expect(res.body).toEqual({
      user: 'alice',
      issue_date: expect.any(String),
      expiration: expect.any(String),
      client_id: 'web',
      entity_id: clientId,
      scopes: ['openid', 'profile'],
    });
    const issued = Date.parse(res.body.issue_date);
    expect(issued).toBeGreaterThanOrEqual(before);
    // The setup's default TTL (3600 s); the other client has its own (60 s).
    expect(Date.parse(res.body.expiration) - issued).toBe(3_600_000);
    const mobile = await as()
      .put(consentPath('v2', otherClientId))
      .query({ user: 'alice' })
      .send({ scopes: ['openid'] })
      .expect(200);
    expect(Date.parse(mobile.body.expiration) - Date.parse(mobile.body.issue_date)).toBe(60_000);

    const granted = t.events.filter((e): e is ConsentGrantedEvent => e instanceof ConsentGrantedEvent);
    expect(granted.map((e) => [e.user, e.clientId, e.scopes, e.actor])).toEqual([
      ['alice', clientId, ['openid', 'profile'], 'authorization-server'],
      ['alice', otherClientId, ['openid'], 'authorization-server'],
    ]);
    await eventually(async () => {
      const entry = await t.dataSource.getRepository(AuditEntryEntity).findOneByOrFail({ eventId: granted[0].eventId });
      expect(entry).toMatchObject({ action: 'consent.granted', actor: 'authorization-server', setupId });
    });

    // Recorded again: replaced, not added.
    await as()
      .put(consentPath('v2'))
      .query({ user: 'alice' })
      .send({ scopes: ['openid'] })
      .expect(200);
    const list = await t.http.get(consents()).query({ 'client-entity-id': clientId }).expect(200);
    expect(list.body.map((c: { user: string; scopes: string[] }) => [c.user, c.scopes])).toEqual([
      ['alice', ['openid']],
    ]);
  });

  it('refuses bad input with a pointer, a missing user, scopes the client does not ask for, and callers without the role', async () => {
    for (const scopes of [['openid', 'openid'], ['openid', 'no such'], [], 'openid']) {
      const bad = await as().put(consentPath('v2')).query({ user: 'carol' }).send({ scopes }).expect(400);
      expect(bad.body).toMatchObject({ code: 'INVALID_REQUEST', errors: [{ path: '/scopes' }] });
    }
    const noUser = await as()
      .put(consentPath('v2'))
      .send({ scopes: ['openid'] })
      .expect(400);
    expect(noUser.body.errors).toEqual([{ path: '/user', message: expect.any(String) }]);
    const notAsked = await as()
      .put(consentPath('v2'))
      .query({ user: 'carol' })
      .send({ scopes: ['openid', 'admin'] })
      .expect(400);
    expect(notAsked.body.errors).toEqual([{ path: '/scopes/1', message: expect.stringContaining('admin') }]);
    await t
      .as('alice')
      .put(consentPath('v2'))
      .query({ user: 'alice' })
      .send({ scopes: ['openid'] })
      .expect(403);
    await as()
      .put(consentPath('v2', 'f'.repeat(32)))
      .query({ user: 'x' })
      .send({ scopes: ['openid'] })
      .expect(404);
    expect((await t.http.get(consents()).query({ user: 'carol' })).status).toBe(204);
  });

  it('lists with filters, 0-based paging and X-Total-Count; 204 when none match; a user sees only its own', async () => {
    for (const user of ['u1', 'u2', 'u3', 'u4', 'u5']) {
      clock.advance(1);
      await as()
        .put(consentPath('v2'))
        .query({ user })
        .send({ scopes: ['email'] })
        .expect(200);
    }
    const page0 = await t.http.get(consents()).query({ 'client-entity-id': clientId, size: 2 }).expect(200);
    expect(page0.headers['x-total-count']).toBe('6');
    expect(page0.body.map((c: { user: string }) => c.user)).toEqual(['u5', 'u4']);
    const page2 = await t.http.get(consents()).query({ 'client-entity-id': clientId, size: 2, page: 2 }).expect(200);
    expect(page2.body.map((c: { user: string }) => c.user)).toEqual(['u1', 'alice']);
    expect((await t.http.get(consents()).query({ user: 'alice' }).expect(200)).headers['x-total-count']).toBe('2');
    const none = await t.http.get(consents()).query({ user: 'nobody-at-all' });
    expect(none.status).toBe(204);
    expect(none.headers['x-total-count']).toBe('0');
    const bad = await t.http.get(consents()).query({ size: 0, page: -1, colour: 'red' }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/colour', '/page', '/size']);

    // alice (nevisMeta.user) sees her own two, and may not ask for another user's.
    const own = await t.as('alice').get(consents()).expect(200);
    expect(own.body.map((c: { user: string }) => c.user)).toEqual(['alice', 'alice']);
    await t.as('alice').get(consents()).query({ user: 'u1' }).expect(403);
    expect((await t.as('bob').get(consents())).status).toBe(204);
    expect((await as().get(consents()).expect(200)).headers['x-total-count']).toBe('7');
  });

  it("revokes by user, or the caller's own without one; a user only its own; 404 when there is none", async () => {
    t.events.length = 0;
    await t.as('alice').delete(consentPath('v3')).query({ user: 'u1' }).expect(403);
    await t.as('alice').delete(consentPath('v3')).expect(204);
    await t.as('alice').delete(consentPath('v3')).expect(404);
    await t.http.delete(consentPath('v3')).query({ user: 'u1' }).expect(204);
    const revoked = t.events.filter((e): e is ConsentRevokedEvent => e instanceof ConsentRevokedEvent);
    expect(revoked.map((e) => [e.user, e.actor, e.reason])).toEqual([
      ['alice', 'alice', 'revoked'],
      ['u1', 'test-admin', 'revoked'],
    ]);
    expect((await t.http.get(consents()).query({ 'client-entity-id': clientId }).expect(200)).headers).toMatchObject({
      'x-total-count': '4',
    });
  });

  it('hides expired consents', async () => {
    clock.advance(61_000);
    try {
      // The mobile client's consent (60 s) expired; the web client's (3600 s) did not.
      expect((await t.http.get(consents()).query({ 'client-entity-id': otherClientId })).status).toBe(204);
      expect((await t.http.get(consents()).query({ 'client-entity-id': clientId }).expect(200)).body).toHaveLength(4);
    } finally {
      clock.advance(-61_000);
    }
  });
});
