import { ClientSnapshotActivatedEvent } from '@app/clients';
import { clientBody } from './factories/client.factory';
import { createTestDatabase, DATABASES, TEST_DATABASE_URL, type TestDatabase } from './support/databases';
import { LogCapture } from './support/log-capture';
import { TcpProxy } from './support/tcp-proxy';
import { ShiftedClock } from './support/test-clock';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { SETUPS } from './support/paths';

/** A request that hangs instead of failing fails the test here, not at jest's timeout. */
const NO_HANG_MS = 15_000;
/** One log stream for the file: nestjs-pino keeps the first application's logger. */
const logs = new LogCapture();

describe.each(DATABASES)('health probes on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { logLevel: 'log' }, undefined, undefined, logs);
  });
  afterAll(() => t.close());

  it('answers live and ready without a token, never from a cache', async () => {
    const live = await t.as('anonymous').get('/health/live').expect(200);
    expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    const ready = await t.as('anonymous').get('/health/ready').expect(200);
    const up = { status: 'up', responseTime: expect.any(Number) };
    expect(ready.body).toEqual({ status: 'ok', info: { database: up }, error: {}, details: { database: up } });
    expect(ready.headers['cache-control']).toMatch(/no-store/);
  });
});

(DATABASES.includes('postgres') ? describe : describe.skip)('while PostgreSQL is unreachable', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;
  const clock = new ShiftedClock();

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const target = new URL(TEST_DATABASE_URL);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(TEST_DATABASE_URL);
    url.port = String(proxy.port);
    // The service reaches PostgreSQL only through the proxy, which the test cuts and restores.
    const database = { ...db.config, url: url.toString(), connectTimeoutMs: 2000 } as typeof db.config;
    t = await startTestApp('postgres', { database, logLevel: 'log' }, clock, db, logs);
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('answers 503 DATABASE_UNAVAILABLE at once, keeps live up, and recovers by itself, catching up on the activation it missed', async () => {
    const { setupId } = (await t.http.post(SETUPS).send({ name: 'outage' }).expect(201)).body;
    const clients = `${SETUPS}/${setupId}/clients`;
    const { clientId } = (
      await t.http
        .post(clients)
        .send(clientBody({ redirect_uris: ['https://before.example.com/cb'] }))
        .expect(201)
    ).body;
    const validFrom = new Date(clock.now().getTime() + 60_000);
    const scheduled = await t.http
      .put(`${clients}/${clientId}`)
      .send(clientBody({ redirect_uris: ['https://after.example.com/cb'], valid_from: validFrom.toISOString() }))
      .expect(200);
    await t.http.get('/health/ready').expect(200);

    proxy.cut();
    // The change falls due while the database is away.
    clock.advance(61_000);

    const read = await t.http.get(`${clients}/${clientId}`).timeout(NO_HANG_MS).expect(503);
    expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(read.headers['retry-after']).toBe('5');
    expect(read.body).toMatchObject({
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      type: 'urn:problem-type:oauth-registry:database-unavailable',
      request_id: read.headers['x-request-id'],
    });
    expect(JSON.stringify(read.body)).not.toMatch(/ECONN|5432|SELECT|terminated/i);
    const write = await t.http.post(SETUPS).send({ name: 'during the outage' }).timeout(NO_HANG_MS).expect(503);
    expect(write.body.code).toBe('DATABASE_UNAVAILABLE');
    const ready = await t.as('anonymous').get('/health/ready').timeout(NO_HANG_MS).expect(503);
    expect(ready.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE', details: { database: { status: 'down' } } });
    await t.as('anonymous').get('/health/live').expect(200);

    // The lines about a request carry its id, GET and POST alike.
    for (const res of [read, write]) {
      await eventually(() =>
        expect(logs.records).toContainEqual(
          expect.objectContaining({ context: 'ProblemDetails', level: 'warn', request_id: res.body.request_id }),
        ),
      );
      // The request's closing line: at error for a 5xx, method, path and status.
      await eventually(() =>
        expect(logs.records).toContainEqual(
          expect.objectContaining({
            level: 'error',
            request_id: res.body.request_id,
            res: { statusCode: 503 },
            msg: expect.stringMatching(/^(GET|POST) \/v2\/\S+ 503$/),
          }),
        ),
      );
    }
    // The activation job fails, says so once, and keeps ticking.
    await eventually(
      () =>
        expect(logs.records).toContainEqual(
          expect.objectContaining({
            context: 'ActivationJob',
            level: 'error',
            msg: expect.stringMatching(/database is unavailable/),
          }),
        ),
      5000,
    );
    expect(t.events.filter((e) => e instanceof ClientSnapshotActivatedEvent)).toEqual([]);

    proxy.restore();

    await eventually(async () => {
      await t.as('anonymous').get('/health/ready').expect(200);
    }, 15_000);
    await eventually(async () => {
      const after = await t.http.get(`${clients}/${clientId}`).expect(200);
      expect(after.body).toMatchObject({
        snapshotId: scheduled.body.snapshotId,
        redirect_uris: ['https://after.example.com/cb'],
      });
    }, 5000);
    // Reads serve the snapshot in force whatever the scheduler does; the activation itself is caught up on too.
    await eventually(
      () =>
        expect(t.events.filter((e) => e instanceof ClientSnapshotActivatedEvent)).toEqual([
          expect.objectContaining({ entityId: clientId, snapshotId: scheduled.body.snapshotId }),
        ]),
      5000,
    );
    expect(logs.records).toContainEqual(
      expect.objectContaining({ context: 'ActivationJob', msg: expect.stringMatching(/^Activation works again/) }),
    );
    await t.http.post(SETUPS).send({ name: 'after the outage' }).expect(201);
  });
});
