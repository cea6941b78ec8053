import { AuditEntryEntity } from '@app/audit';
import {
  ClientActivation,
  ConsentRevokedEvent,
  ConsentScopesReducedEvent,
  ExpiredConsentPurge,
  PersistedConsentEntity,
} from '@app/clients';
import { ResourceServerActivation } from '@app/resource-servers';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { SETUPS } from './support/paths';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { FixedClock } from './support/test-clock';

const HOUR = 3_600_000;

/** Consents follow the registry's timeline, driven by a clock that stands still until the test moves it. */
describe.each(DATABASES)('persisted consents on the timeline on %s', (kind) => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2030-01-01T00:00:00Z'));
  beforeAll(async () => {
    t = await startTestApp(kind, {}, clock);
  });
  afterAll(() => t.close());

  async function landscape(clientScopes = ['openid', 'profile', 'email']) {
    const setupId = (await t.http.post(SETUPS).send({ name: 'timeline' }).expect(201)).body.setupId;
    const rs = (
      await t.http
        .post(`${SETUPS}/${setupId}/resource-servers`)
        .send({ name: 'api', scopes: [{ name: 'openid' }, { name: 'profile' }, { name: 'email' }] })
        .expect(201)
    ).body.resourceServerId;
    const clientId = (
      await t.http
        .post(`${SETUPS}/${setupId}/clients`)
        .send(clientBody({ scopes: clientScopes }))
        .expect(201)
    ).body.clientId;
    return { setupId, rs, clientId };
  }
  const consent = (setupId: string, clientId: string, user: string, scopes: string[]) =>
    t
      .as('authorizationServer')
      .put(`${SETUPS}/${setupId}/clients/${clientId}/persisted-consent`)
      .query({ user })
      .send({ scopes })
      .expect(200);
  const scopesOf = async (clientId: string) =>
    Object.fromEntries(
      (await t.dataSource.getRepository(PersistedConsentEntity).findBy({ clientId })).map((c) => [c.subject, c.scopes]),
    );
  const reduced = () => t.events.filter((e): e is ConsentScopesReducedEvent => e instanceof ConsentScopesReducedEvent);
  const revoked = () => t.events.filter((e): e is ConsentRevokedEvent => e instanceof ConsentRevokedEvent);

  it('takes the scope a scheduled client change drops from the consents exactly when it comes into force', async () => {
    const { setupId, clientId } = await landscape();
    await consent(setupId, clientId, 'ann', ['openid', 'profile']);
    await consent(setupId, clientId, 'ben', ['profile']);
    const at = new Date(clock.now().getTime() + HOUR);
    await t.http
      .put(`${SETUPS}/${setupId}/clients/${clientId}`)
      .send(clientBody({ scopes: ['openid', 'email'], valid_from: at.toISOString() }))
      .expect(200);
    // Scheduled: nothing changes yet, not even a millisecond before.
    expect(await scopesOf(clientId)).toEqual({ ann: ['openid', 'profile'], ben: ['profile'] });
    t.events.length = 0;
    clock.current = new Date(at.getTime() - 1);
    await t.app.get(ClientActivation).activateDue(clock.now());
    expect(await scopesOf(clientId)).toEqual({ ann: ['openid', 'profile'], ben: ['profile'] });
    expect([...reduced(), ...revoked()]).toEqual([]);

    clock.current = at;
    await t.app.get(ClientActivation).activateDue(clock.now());
    expect(await scopesOf(clientId)).toEqual({ ann: ['openid'] });
    expect(reduced().map((e) => [e.user, e.scopes, e.removedScopes, e.actor])).toEqual([
      ['ann', ['openid'], ['profile'], 'scheduler'],
    ]);
    expect(revoked().map((e) => [e.user, e.reason])).toEqual([['ben', 'no-scope-left']]);
    await eventually(async () => {
      const entry = await t.dataSource
        .getRepository(AuditEntryEntity)
        .findOneByOrFail({ eventId: reduced()[0].eventId });
      expect(entry).toMatchObject({ action: 'consent.scopes-reduced', actor: 'scheduler', setupId });
    });
  });

  it('takes the scope a forced resource-server removal drops at its instant, and a later edit putting it back is not refused', async () => {
    const { setupId, rs, clientId } = await landscape();
    await consent(setupId, clientId, 'cat', ['openid', 'email']);
    const at = new Date(clock.now().getTime() + HOUR);
    const without = { name: 'api', scopes: [{ name: 'openid' }, { name: 'profile' }] };
    const servers = `${SETUPS}/${setupId}/resource-servers`;
    const refused = await t.http
      .put(`${servers}/${rs}`)
      .send({ ...without, valid_from: at.toISOString() })
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'SCOPE_IN_USE', scopes: ['email'] });
    await t.http
      .put(`${servers}/${rs}`)
      .query({ force: 'true' })
      .send({ ...without, valid_from: at.toISOString() })
      .expect(200);
    // Another edit that changes nothing about email is the forced removal's business, not its own.
    await t.http
      .put(`${servers}/${rs}`)
      .send({ ...without, comment: 'unrelated', valid_from: new Date(at.getTime() + HOUR).toISOString() })
      .expect(200);

    t.events.length = 0;
    clock.current = new Date(at.getTime() - 1);
    await t.app.get(ResourceServerActivation).activateDue(clock.now());
    expect(await scopesOf(clientId)).toEqual({ cat: ['openid', 'email'] });
    clock.current = at;
    await t.app.get(ResourceServerActivation).activateDue(clock.now());
    expect(await scopesOf(clientId)).toEqual({ cat: ['openid'] });
    expect(reduced().map((e) => [e.user, e.removedScopes])).toEqual([['cat', ['email']]]);
    // Nor can it be consented to any more, though the client still names it.
    const refused2 = await t
      .as('authorizationServer')
      .put(`${SETUPS}/${setupId}/clients/${clientId}/persisted-consent`)
      .query({ user: 'cat' })
      .send({ scopes: ['openid', 'email'] })
      .expect(400);
    expect(refused2.body.errors).toEqual([{ path: '/scopes/1', message: expect.stringContaining('declares') }]);

    // Putting the scope back is not refused for the uses the forced removal left undeclared.
    await t.http
      .put(`${servers}/${rs}`)
      .send({ name: 'api', scopes: [{ name: 'openid' }, { name: 'profile' }, { name: 'email' }] })
      .expect(200);
  });

  it('trims at once for a change in force at once, and revokes the consents of a deleted client and of a deleted setup', async () => {
    const { setupId, clientId } = await landscape();
    await consent(setupId, clientId, 'dan', ['openid', 'email']);
    t.events.length = 0;
    await t.http
      .put(`${SETUPS}/${setupId}/clients/${clientId}`)
      .send(clientBody({ scopes: ['openid'] }))
      .expect(200);
    expect(await scopesOf(clientId)).toEqual({ dan: ['openid'] });
    expect(reduced().map((e) => [e.user, e.removedScopes, e.actor])).toEqual([['dan', ['email'], 'test-admin']]);

    t.events.length = 0;
    await t.http.delete(`${SETUPS}/${setupId}/clients/${clientId}`).expect(204);
    expect(await scopesOf(clientId)).toEqual({});
    expect(revoked().map((e) => [e.user, e.reason])).toEqual([['dan', 'client-deleted']]);

    const other = await landscape();
    await consent(other.setupId, other.clientId, 'eve', ['profile']);
    t.events.length = 0;
    await t.http.delete(`${SETUPS}/${other.setupId}`).expect(204);
    expect(await scopesOf(other.clientId)).toEqual({});
    expect(revoked().map((e) => [e.user, e.reason])).toEqual([['eve', 'setup-deleted']]);
  });

  it('purges expired consents from the scheduler, each announced as revoked', async () => {
    const setupId = (
      await t.http
        .post(SETUPS)
        .send({ name: 'ttl', client_defaults: { persisted_consent_ttl: 60 } })
        .expect(201)
    ).body.setupId;
    const clientId = (
      await t.http
        .post(`${SETUPS}/${setupId}/clients`)
        .send(clientBody({ scopes: ['openid'] }))
        .expect(201)
    ).body.clientId;
    await consent(setupId, clientId, 'fay', ['openid']);
    t.events.length = 0;
    const purge = t.app.get(ExpiredConsentPurge);
    await purge.purge(new Date(clock.now().getTime() + 59_999));
    expect(await scopesOf(clientId)).toEqual({ fay: ['openid'] });
    expect(await purge.purge(new Date(clock.now().getTime() + 60_000))).toBe(1);
    expect(await scopesOf(clientId)).toEqual({});
    expect(revoked().map((e) => [e.user, e.reason, e.actor])).toEqual([['fay', 'expired', 'scheduler']]);
  });
});
