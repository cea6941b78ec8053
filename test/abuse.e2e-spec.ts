import { startTestApp, type TestApp } from './support/test-app';
import { SETUPS } from './support/paths';

describe('rate limits, security headers and CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { rateLimitPerMinute: 5, corsOrigins: ['https://admin.example.com'] });
  });
  afterAll(() => t.close());

  it('limits requests per principal with a 429 problem and Retry-After, and leaves others and health alone', async () => {
    for (let i = 0; i < 5; i++) await t.as('alice').get(SETUPS).expect(200);
    const limited = await t.as('alice').get(SETUPS);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await t.as('bob').get(SETUPS).expect(200);
    for (let i = 0; i < 10; i++) await t.as('anonymous').get('/health/live').expect(200);
  });

  it('sends security headers on answers and errors', async () => {
    for (const res of [await t.as('bob').get(SETUPS), await t.as('anonymous').get(SETUPS)]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    }
  });

  it('allows cross-origin calls only from the configured origins', async () => {
    const allowed = await t
      .as('anonymous')
      .options(SETUPS)
      .set('origin', 'https://admin.example.com')
      .set('access-control-request-method', 'GET');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://admin.example.com');
    const other = await t
      .as('anonymous')
      .options(SETUPS)
      .set('origin', 'https://evil.example.com')
      .set('access-control-request-method', 'GET');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS by default', () => {
  it('is off when no origin is configured', async () => {
    const t = await startTestApp('sqlite');
    try {
      const res = await t.as('bob').get(SETUPS).set('origin', 'https://admin.example.com');
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
