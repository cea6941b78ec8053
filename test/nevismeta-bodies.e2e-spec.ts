import {
  OLDER_NEVISMETA_SETUP,
  README_CLIENT,
  README_SETUP,
  RESOURCE_SERVER_WITH_EVERY_MEMBER,
  SETUP_AS_NEVISMETA_WRITES_IT,
} from './fixtures/nevismeta-bodies';
import { DATABASES } from './support/databases';
import { startTestApp, type TestApp } from './support/test-app';

const SETUPS = '/v2/modules/oauthv2/setups';

/** What a read shows besides the definition: it changes with every write. */
const withoutVersion = ({ snapshotId: _s, valid_from: _v, state: _st, ...rest }: Record<string, unknown>) => rest;

describe.each(DATABASES)("nevisMeta's documented bodies on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  /** POST the body, GET it, PUT exactly what GET returned (with its ETag), GET again: nothing changed. */
  async function roundTrip(collection: string, idMember: string, body: object) {
    const created = await t.http.post(collection).send(body).expect(201);
    const path = `${collection}/${created.body[idMember]}`;
    const read = await t.http.get(path).expect(200);
    const written = await t.http.put(path).set('if-match', read.headers.etag).send(read.body).expect(200);
    expect(written.body.state).toBe('active');
    const reread = await t.http.get(path).expect(200);
    expect(withoutVersion(reread.body)).toEqual(withoutVersion(read.body));
    return { id: created.body[idMember] as string, read: read.body };
  }

  it('accepts a setup exactly as nevisMeta writes it and returns its members unchanged', async () => {
    const { read } = await roundTrip(SETUPS, 'setupId', SETUP_AS_NEVISMETA_WRITES_IT);
    expect(read).toEqual({ ...SETUP_AS_NEVISMETA_WRITES_IT, setupId: read.setupId, ...version(read) });
  });

  it("accepts nevisMeta's older setup examples; an empty grant_types default leaves clients on authorization_code", async () => {
    const { id, read } = await roundTrip(SETUPS, 'setupId', OLDER_NEVISMETA_SETUP);
    expect(read).toEqual({ ...OLDER_NEVISMETA_SETUP, setupId: id, ...version(read) });
    const client = await t.http
      .post(`${SETUPS}/${id}/clients`)
      .send({ redirect_uris: ['https://older.example.com/cb'] })
      .expect(201);
    const clientRead = await t.http.get(`${SETUPS}/${id}/clients/${client.body.clientId}`).expect(200);
    expect(clientRead.body.grant_types).toEqual(['authorization_code']);
  });

  it('round-trips the README setup and client and a resource server with every documented member', async () => {
    const { id: setupId } = await roundTrip(SETUPS, 'setupId', README_SETUP);
    const servers = `${SETUPS}/${setupId}/resource-servers`;
    const { read } = await roundTrip(servers, 'resourceServerId', RESOURCE_SERVER_WITH_EVERY_MEMBER);
    const [first, second] = RESOURCE_SERVER_WITH_EVERY_MEMBER.scopes;
    expect(read.scopes[0]).toEqual({ ...first, inherited: [] });
    // Left out: the built-in defaults (no setup defaults here), a boolean for force_reauthentication.
    expect(read.scopes[1]).toEqual({
      ...second,
      policy_implicit_flow: 'consent_required',
      policy_authorization_code_flow: 'consent_required',
      policy_refresh_token: 'no_consent',
      inherited: ['policy_implicit_flow', 'policy_authorization_code_flow', 'policy_refresh_token'],
    });
    const { read: client } = await roundTrip(`${SETUPS}/${setupId}/clients`, 'clientId', README_CLIENT);
    expect(client).toMatchObject(README_CLIENT);
  });

  it("fills a scope's left-out policies from the setup's scope_policy_* defaults, and keeps them inherited on a PUT of the read", async () => {
    const setupId = (await t.http.post(SETUPS).send(OLDER_NEVISMETA_SETUP).expect(201)).body.setupId;
    const servers = `${SETUPS}/${setupId}/resource-servers`;
    const { id, read } = await roundTrip(servers, 'resourceServerId', { scopes: [{ name: 'inherits' }] });
    expect(read.scopes).toEqual([
      {
        name: 'inherits',
        policy_implicit_flow: 'not_allowed',
        policy_authorization_code_flow: 'consent_persisted',
        policy_refresh_token: 'no_consent',
        policy_force_reauthentication: true,
        inherited: [
          'policy_implicit_flow',
          'policy_authorization_code_flow',
          'policy_refresh_token',
          'policy_force_reauthentication',
        ],
      },
    ]);
    // The defaults change: the scope, still inheriting after the round trip, follows them.
    await t.http
      .put(`${SETUPS}/${setupId}`)
      .send({ ...OLDER_NEVISMETA_SETUP, resource_server_defaults: { scope_policy_force_reauthentication: false } })
      .expect(200);
    const after = (await t.http.get(`${servers}/${id}`).expect(200)).body;
    expect(after.scopes[0]).toMatchObject({
      policy_implicit_flow: 'consent_required',
      policy_force_reauthentication: false,
    });
  });

  it('refuses the old member names and types with a pointer to each', async () => {
    const setup = await t.http
      .post(SETUPS)
      .send({
        name: 'old',
        resource_server_defaults: {
          policy_refresh_token: 'no_consent',
          scope_policy_force_reauthentication: 'consent_required',
        },
      })
      .expect(400);
    expect(setup.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/resource_server_defaults/policy_refresh_token',
      '/resource_server_defaults/scope_policy_force_reauthentication',
    ]);
    const setupId = (await t.http.post(SETUPS).send(README_SETUP).expect(201)).body.setupId;
    const server = await t.http
      .post(`${SETUPS}/${setupId}/resource-servers`)
      .send({ scopes: [{ name: 'a', policy_force_reauthentication: 'consent_required', custom_claims: ['x'] }] })
      .expect(400);
    expect(server.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/scopes/0/custom_claims',
      '/scopes/0/policy_force_reauthentication',
    ]);
  });
});

function version(read: Record<string, unknown>) {
  return { snapshotId: read.snapshotId, valid_from: read.valid_from };
}
