import { createHash } from 'node:crypto';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { ShiftedClock } from './support/test-clock';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { SETUPS } from './support/paths';

/** The value of one sample of the Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe.each(DATABASES)('GET /metrics on %s', (kind) => {
  let t: TestApp;
  const clock = new ShiftedClock();
  beforeAll(async () => {
    t = await startTestApp(kind, { rateLimitPerMinute: 3 }, clock);
  });
  afterAll(() => t.close());

  const scrape = async () => (await t.as('anonymous').get('/metrics').expect(200)).text;

  it('counts requests and their latencies per route template, method and status, never per id', async () => {
    const { setupId } = (await t.http.post(SETUPS).send({ name: 'metered' }).expect(201)).body;
    await t.http.get(`${SETUPS}/${setupId}`).expect(200);
    await t.http.get(`${SETUPS}/${setupId}`).expect(200);
    await t.http.get(`${SETUPS}/0123456789abcdef0123456789abcdef`).expect(404);
    await t.as('anonymous').get(`/no/such/${setupId}`).expect(404);

    const res = await t.as('anonymous').get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    const route = '/v2/modules/:module/setups/:setupId';
    expect(sample(text, 'http_requests_total', { method: 'GET', route, status_code: '200' })).toBe(2);
    expect(sample(text, 'http_requests_total', { method: 'GET', route, status_code: '404' })).toBe(1);
    expect(
      sample(text, 'http_requests_total', { method: 'POST', route: '/v2/modules/:module/setups', status_code: '201' }),
    ).toBe(1);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route, status_code: '200' })).toBe(2);
    expect(
      sample(text, 'http_request_duration_seconds_bucket', { method: 'GET', route, status_code: '200', le: '+Inf' }),
    ).toBe(2);
    expect(
      sample(text, 'http_request_duration_seconds_sum', { method: 'GET', route, status_code: '200' }),
    ).toBeGreaterThan(0);
    expect(text).not.toContain(setupId);
    // The process metrics.
    expect(sample(text, 'process_cpu_user_seconds_total', {})).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('observes the activation lag of every activated snapshot, per entity kind', async () => {
    const { setupId } = (await t.http.post(SETUPS).send({ name: 'lagging' }).expect(201)).body;
    const clients = `${SETUPS}/${setupId}/clients`;
    const { clientId } = (await t.http.post(clients).send(clientBody()).expect(201)).body;
    const validFrom = new Date(clock.now().getTime() + 60_000).toISOString();
    await t.http.put(`${SETUPS}/${setupId}`).send({ name: 'lagging, later', valid_from: validFrom }).expect(200);
    await t.http
      .put(`${clients}/${clientId}`)
      .send(clientBody({ valid_from: validFrom }))
      .expect(200);
    expect(sample(await scrape(), 'oauth_registry_activation_lag_seconds_count', { kind: 'client' })).toBeUndefined();

    // Both become due five seconds ago: activated on the next tick, at least five seconds late.
    clock.advance(65_000);
    await eventually(
      async () =>
        expect(sample(await scrape(), 'oauth_registry_activation_lag_seconds_count', { kind: 'client' })).toBe(1),
      5000,
    );
    const text = await scrape();
    for (const kind of ['setup', 'client']) {
      expect(sample(text, 'oauth_registry_activation_lag_seconds_count', { kind })).toBe(1);
      expect(sample(text, 'oauth_registry_activation_lag_seconds_sum', { kind })).toBeGreaterThanOrEqual(5);
      expect(sample(text, 'oauth_registry_activation_lag_seconds_bucket', { kind, le: '2' })).toBe(0);
      expect(sample(text, 'oauth_registry_activation_lag_seconds_bucket', { kind, le: '+Inf' })).toBe(1);
    }
  });

  it('is public like the health probes, outside the rate limit, and holds no secret', async () => {
    const { setupId } = (await t.http.post(SETUPS).send({ name: 'secretive' }).expect(201)).body;
    const { client_secret } = (await t.http.post(`${SETUPS}/${setupId}/clients`).send(clientBody()).expect(201)).body;
    for (let i = 0; i < 6; i++) await t.as('anonymous').get('/metrics').expect(200);
    const text = await scrape();
    expect(text).not.toContain(client_secret);
    expect(text).not.toMatch(/test-\w+-token/);
  });
});

describe('GET /metrics with METRICS_TOKEN and an API prefix', () => {
  const token = 'metrics-token-0123456789abcdefghijklmnopq';
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', {
      metricsToken: createHash('sha256').update(token).digest(),
      apiPrefix: 'nevismeta/rest',
    });
  });
  afterAll(() => t.close());

  it('wants that bearer token, and stays at the root like health', async () => {
    const anonymous = await t.as('anonymous').get('/metrics').expect(401);
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHENTICATED', request_id: anonymous.headers['x-request-id'] });
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    // An API token is not the metrics token.
    await t.http.get('/metrics').expect(401);
    await t.as('anonymous').get('/metrics').set('authorization', `Bearer ${token}x`).expect(401);
    const scraped = await t.as('anonymous').get('/metrics').set('authorization', `Bearer ${token}`).expect(200);
    expect(scraped.text).toMatch(/^http_requests_total\{/m);
    await t.as('anonymous').get('/nevismeta/rest/metrics').expect(404);
  });
});
