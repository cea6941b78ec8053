import { connect } from 'node:net';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { LogCapture } from './support/log-capture';
import { eventually, startTestApp, type TestApp, TEST_TOKENS } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Everything the service logs, at the most verbose level, as pino writes it (one stream for the file: nestjs-pino keeps the first logger). */
const logs = new LogCapture();

describe.each(DATABASES)('what the service logs on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    logs.clear();
    t = await startTestApp(kind, { logLevel: 'verbose' }, undefined, undefined, logs);
  });
  afterAll(() => t.close());

  it('never contains a client secret or a bearer token, through creates, edits, rotations, activations and refusals', async () => {
    const secrets: string[] = [];
    const setupId = (await t.http.post('/v2/modules/oauthv2/setups').send({ name: 'test setup' }).expect(201)).body
      .setupId;
    const clients = `/v2/modules/oauthv2/setups/${setupId}/clients`;
    const created = await t.http.post(clients).send(clientBody()).expect(201);
    secrets.push(created.body.client_secret);
    const supplied = 'a-supplied-secret-that-must-not-leak-0123456789';
    secrets.push(supplied);
    await t.http
      .put(`${clients}/${created.body.clientId}`)
      .send(clientBody({ client_secret: supplied, valid_from: new Date(Date.now() + 300).toISOString() }))
      .expect(200);
    const etag = (await t.http.get(`${clients}/${created.body.clientId}`).expect(200)).headers.etag;
    secrets.push(
      (await t.http.post(`${clients}/${created.body.clientId}/secret`).set('if-match', etag).expect(200)).body
        .client_secret,
    );
    // Refusals, with the secret in the refused body, in an unknown query parameter, and a wrong token.
    await t.http
      .post(clients)
      .send(clientBody({ client_secret: 'short-but-secret', confidentiality_type: 'weird' }))
      .expect(400);
    await t.http.get(`${clients}?client_secret=a-query-secret-that-must-not-leak-0123`).expect(400);
    await t
      .as('anonymous')
      .get(clients)
      .set('authorization', 'Bearer a-wrong-token-that-must-not-leak-0123456789')
      .expect(401);
    secrets.push(
      'short-but-secret',
      'a-query-secret-that-must-not-leak-0123',
      'a-wrong-token-that-must-not-leak-0123456789',
    );
    // The scheduled change activates, which the activation job logs (through pino, like every Nest logger).
    await eventually(
      () =>
        expect(
          logs.records.some((r) => r.context === 'ActivationJob' && /Activated 1 scheduled/.test(r.msg ?? '')),
        ).toBe(true),
      5000,
    );
    // The activation was armed by the PUT, but is no part of that request.
    expect(logs.records.filter((r) => r.context === 'ActivationJob').every((r) => r.request_id === undefined)).toBe(
      true,
    );

    const records = logs.records; // every line is JSON
    expect(records.filter((r) => r.msg?.startsWith('POST ')).length).toBeGreaterThanOrEqual(3);
    // At the most verbose level, even the probes' lines (debug) are there.
    await t.as('anonymous').get('/health/live').expect(200);
    await eventually(() =>
      expect(logs.records).toContainEqual(
        expect.objectContaining({ level: 'debug', msg: expect.stringMatching(/^GET \/health\/live 200/) }),
      ),
    );
    // The Authorization header is logged, redacted.
    expect(
      records.filter(
        (r) => (r.req as { headers?: Record<string, string> } | undefined)?.headers?.authorization === '[REDACTED]',
      ).length,
    ).toBeGreaterThan(3);
    const everything = logs.lines.join('\n');
    for (const secret of [...secrets, ...Object.values(TEST_TOKENS)]) expect(everything).not.toContain(secret);
  });

  it('gives every request an id: in X-Request-Id, in the problem body and on its log line; a sane incoming id is kept', async () => {
    const missing = '/v2/modules/oauthv2/setups/0123456789abcdef0123456789abcdef';
    const traced = await t.http.get(missing).set('x-request-id', 'trace-4711.a:b').expect(404);
    expect(traced.headers['x-request-id']).toBe('trace-4711.a:b');
    expect(traced.body).toMatchObject({ code: 'SETUP_NOT_FOUND', request_id: 'trace-4711.a:b' });
    await eventually(() =>
      expect(logs.records).toContainEqual(
        expect.objectContaining({ request_id: 'trace-4711.a:b', msg: expect.stringMatching(/^GET .* 404 \d+ ms$/) }),
      ),
    );

    for (const insane of ['has spaces <and> markup', 'x'.repeat(129)]) {
      const res = await t.http.get(missing).set('x-request-id', insane).expect(404);
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(res.body.request_id).toBe(res.headers['x-request-id']);
      expect(logs.records.filter((r) => r.request_id === insane)).toEqual([]);
    }

    const a = await t.http.post('/v2/modules/oauthv2/setups').send({ name: 'ids' }).expect(201);
    const b = await t.as('anonymous').get('/v2/modules/oauthv2/setups').expect(401);
    expect(a.headers['x-request-id']).toMatch(UUID);
    expect(b.headers['x-request-id']).toMatch(UUID);
    expect(b.body.request_id).toBe(b.headers['x-request-id']);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
  it('ends a request whose client goes away before the answer with a warn line saying so', async () => {
    const { hostname, port } = new URL(t.url.replace('[::1]', '127.0.0.1'));
    const socket = connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    // A body announced and never finished; the client leaves.
    socket.write(
      'POST /v2/modules/oauthv2/setups HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'X-Request-Id: leaves-early\r\nContent-Length: 100\r\n\r\n{"name":',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    await eventually(() =>
      expect(logs.records).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          request_id: 'leaves-early',
          msg: 'POST /v2/modules/oauthv2/setups aborted by the client',
        }),
      ),
    );
  });

  it('logs an unexpected failure with its request id and stack, and answers 500 without internals', async () => {
    const { setupId } = (await t.http.post('/v2/modules/oauthv2/setups').send({ name: 'broken' }).expect(201)).body;
    // A table gone from under the service: an error no layer classifies.
    await t.dataSource.query('ALTER TABLE client RENAME TO client_away');
    try {
      const res = await t.http
        .get(`/v2/modules/oauthv2/setups/${setupId}/clients`)
        .set('x-request-id', 'fails-inside')
        .expect(500);
      expect(JSON.stringify(res.body)).not.toMatch(/client_away|relation|no such table|SELECT|at /i);
      expect(res.body.request_id).toBe('fails-inside');
      await eventually(() =>
        expect(logs.records).toContainEqual(
          expect.objectContaining({
            context: 'ProblemDetails',
            level: 'error',
            request_id: 'fails-inside',
            msg: `GET /v2/modules/oauthv2/setups/${setupId}/clients failed`,
            err: expect.objectContaining({ stack: expect.stringMatching(/\n\s+at /) }),
          }),
        ),
      );
    } finally {
      await t.dataSource.query('ALTER TABLE client_away RENAME TO client');
    }
  });
});
