import fc from 'fast-check';
import { brokenField, validClientBody } from './arbitraries/client-body';
import { DATABASES } from './support/databases';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Property-based: generated valid bodies are accepted, a valid body with one field broken is refused
 * with that field's pointer, and no generated body, however odd, gets a 500. Through the real HTTP app.
 */
describe.each(DATABASES)('client bodies, generated, on %s', (kind) => {
  let t: TestApp;
  let clients: string;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const setup = await t.http.post('/v2/modules/oauthv2/setups').send({ name: 'generated' }).expect(201);
    clients = `/v2/modules/oauthv2/setups/${setup.body.setupId}/clients`;
  });
  afterAll(() => t.close());

  it('accepts every valid body', async () => {
    await fc.assert(
      fc.asyncProperty(validClientBody, async (body) => {
        const res = await t.http.post(clients).send({ ...body, client_id: `generated-${++n}` });
        expect([res.status, res.body.errors]).toEqual([201, undefined]);
      }),
      { numRuns: 60 },
    );
  });

  it("refuses a valid body with one field broken, naming that field's pointer", async () => {
    await fc.assert(
      fc.asyncProperty(validClientBody, brokenField, async (body, broken) => {
        const res = await t.http.post(clients).send({ ...body, [broken.field]: broken.value });
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(broken.pointer);
      }),
      { numRuns: 60 },
    );
  });

  it('never answers 500, whatever JSON arrives, at V2 and at RFC 7591 registration', async () => {
    const anyBody = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(
        fc.constantFrom(
          'redirect_uris',
          'grant_types',
          'jwks',
          'metadata',
          'scope',
          'scopes',
          'valid_from',
          'client_id',
          'token_endpoint_auth_method',
        ),
        fc.jsonValue(),
      ),
    );
    await fc.assert(
      fc.asyncProperty(anyBody, async (body) => {
        for (const path of [clients, clients.replace('/v2/', '/v3/')]) {
          const res = await t.http.post(path).set('content-type', 'application/json').send(JSON.stringify(body));
          expect(res.status).toBeLessThan(500);
        }
      }),
      { numRuns: 80 },
    );
  });
});
