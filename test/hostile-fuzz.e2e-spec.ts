import fc from 'fast-check';
import { hostileRequest } from './arbitraries/hostile-body';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { startTestApp, type TestApp, TEST_TOKENS } from './support/test-app';

const SETUPS = '/v2/modules/oauthv2/setups';
/**
 * Generous bounds, for a shared and busy machine: they catch a request that hangs or freezes the
 * process (the failures this spec is about), not a slow one; speed is bench/hostile.bench.js's job.
 */
const ANSWER_WITHIN_MS = 5000;
const HEALTH_WITHIN_MS = 2000;

/**
 * Property-based: generated hostile bodies (deep, long, wide, odd members and text, bytes that are not
 * UTF-8, wrong charsets and encodings) at every write endpoint. Never a 5xx, always an answer in time,
 * and the liveness probe, sent alongside, answers in time too.
 */
describe.each(DATABASES)('hostile bodies, generated, at every write endpoint on %s', (kind) => {
  let t: TestApp;
  let endpoints: Array<{ method: 'POST' | 'PUT'; path: string; token?: string }>;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const setupId = (await t.http.post(SETUPS).send({ name: 'test setup' }).expect(201)).body.setupId;
    const setup = `${SETUPS}/${setupId}`;
    const clientId = (await t.http.post(`${setup}/clients`).send(clientBody()).expect(201)).body.clientId;
    const rsId = (await t.http.post(`${setup}/resource-servers`).send({ name: 'api', scopes: [] }).expect(201)).body
      .resourceServerId;
    const firstSnapshot = async (path: string) =>
      (await t.http.get(`${path}/snapshots`).expect(200)).body.snapshotIds[0];
    const [setupSnapshot, clientSnapshot, rsSnapshot] = [
      await firstSnapshot(setup),
      await firstSnapshot(`${setup}/clients/${clientId}`),
      await firstSnapshot(`${setup}/resource-servers/${rsId}`),
    ];
    const registered = (
      await t.http
        .post(`/v3/modules/oauthv2/setups/${setupId}/clients`)
        .send({ redirect_uris: ['https://r.example.com/cb'] })
    ).body;
    endpoints = [
      { method: 'POST', path: SETUPS },
      { method: 'PUT', path: setup },
      { method: 'POST', path: `${setup}/clients` },
      { method: 'PUT', path: `${setup}/clients/${clientId}` },
      { method: 'POST', path: `${setup}/clients/${clientId}/secret` },
      { method: 'POST', path: `${setup}/resource-servers` },
      { method: 'PUT', path: `${setup}/resource-servers/${rsId}` },
      { method: 'POST', path: `/v3/modules/oauthv2/setups/${setupId}/clients` },
      { method: 'POST', path: `${setup}/initial-access-tokens` },
      { method: 'POST', path: `${setup}/plan` },
      { method: 'POST', path: `${setup}/apply` },
      { method: 'POST', path: `${setup}/snapshots/${setupSnapshot}/restore` },
      { method: 'POST', path: `${setup}/clients/${clientId}/snapshots/${clientSnapshot}/restore` },
      { method: 'POST', path: `${setup}/resource-servers/${rsId}/snapshots/${rsSnapshot}/restore` },
      { method: 'PUT', path: `${setup}/clients/${clientId}/persisted-consent?user=alice` },
      {
        method: 'PUT',
        path: new URL(registered.registration_client_uri).pathname,
        token: registered.registration_access_token,
      },
    ];
  });
  afterAll(() => t.close());

  const timed = async (request: () => Promise<Response>) => {
    const started = Date.now();
    const res = await request();
    await res.arrayBuffer();
    return { status: res.status, ms: Date.now() - started };
  };

  it('never answers 5xx, always answers in time, and keeps the health probe responsive', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), hostileRequest, async (which, hostile) => {
        const { method, path, token } = endpoints[which % endpoints.length];
        const headers: Record<string, string> = {
          authorization: `Bearer ${token ?? TEST_TOKENS.admin}`,
          'content-type': hostile.contentType,
          // A wrong ETag: the body is judged before the precondition.
          'if-match': '"999999"',
        };
        if (hostile.contentEncoding) headers['content-encoding'] = hostile.contentEncoding;
        const [answer, health] = await Promise.all([
          timed(() => fetch(`${t.url}${path}`, { method, headers, body: hostile.bytes })),
          timed(() => fetch(`${t.url}/health/live`)),
        ]);
        expect([hostile.label, method, path, answer.status < 500]).toEqual([hostile.label, method, path, true]);
        expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
        expect([health.status, health.ms < HEALTH_WITHIN_MS]).toEqual([200, true]);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
