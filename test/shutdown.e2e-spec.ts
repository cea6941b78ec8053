import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { In, IsNull, Not } from 'typeorm';
import { AuditEntryEntity } from '@app/audit';
import { ClientEntity } from '@app/clients';
import { clientBody } from './factories/client.factory';
import { createTestDatabase, DATABASES, type TestDatabase } from './support/databases';
import { ensureBuilt, type ServiceProcess, startService } from './support/service-process';
import { ShiftedClock } from './support/test-clock';
import { eventually, startTestApp, TEST_TOKENS } from './support/test-app';
import { SETUPS } from './support/paths';

const AUTH = { authorization: `Bearer ${TEST_TOKENS.admin}`, 'content-type': 'application/json' };

async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(url, { method: 'POST', headers: AUTH, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** Opens a new TCP connection for one request: resolves with the status, or the network error's code. */
function freshConnection(url: string): Promise<number | string> {
  return new Promise((done) => {
    const req = httpRequest(`${url}/health/live`, { agent: false }, (res) => {
      res.resume();
      done(res.statusCode!);
    });
    req.on('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
    req.end();
  });
}

/**
 * A create whose body arrives in two parts: the service has the request in flight between them.
 * `finish()` sends the rest; `answer` resolves with the status and body.
 */
function slowCreate(url: string, body: Record<string, unknown>) {
  const json = JSON.stringify(body);
  const req = httpRequest(url, { method: 'POST', headers: { ...AUTH, 'transfer-encoding': 'chunked' } });
  const answer = new Promise<{ status: number; body: Record<string, string> }>((done, fail) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done({ status: res.statusCode!, body: JSON.parse(text) as Record<string, string> }));
    });
    req.on('error', fail);
  });
  req.write(json.slice(0, 10));
  return { answer, finish: () => req.end(json.slice(10)) };
}

/** Reads the database the service used, with nothing due for its own scheduler (its clock is a day behind). */
async function inspect<T>(
  db: TestDatabase,
  read: (t: Awaited<ReturnType<typeof startTestApp>>) => Promise<T>,
): Promise<T> {
  const clock = new ShiftedClock();
  clock.advance(-86_400_000);
  const t = await startTestApp(db.config.type, {}, clock, db);
  try {
    return await read(t);
  } finally {
    await t.close();
  }
}

describe.each(DATABASES)('SIGTERM to the built service on %s', (kind) => {
  let db: TestDatabase;
  let dataDir: string;
  let service: ServiceProcess | undefined;
  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase(kind);
    dataDir = mkdtempSync(join(tmpdir(), 'oauth-registry-shutdown-'));
  });
  afterEach(() => {
    if (service?.child.exitCode === null) service.child.kill('SIGKILL');
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops taking connections, answers the requests in flight, keeps every acknowledged write, and exits 0', async () => {
    service = await startService(db, dataDir);
    const { url } = service;
    const { setupId } = (await post(`${url}${SETUPS}`, { name: 'shutdown' })).body;
    const clients = `${url}${SETUPS}/${setupId}/clients`;

    // A steady load of creates from eight clients, over keep-alive connections, until the service is gone.
    const acknowledged: string[] = [];
    const answers: number[] = [];
    let stopLoad = false;
    const load = Array.from({ length: 8 }, async () => {
      while (!stopLoad) {
        try {
          const res = await post(clients, clientBody());
          answers.push(res.status);
          if (res.status === 201) acknowledged.push(res.body.clientId);
        } catch {
          return; // the connection was refused or closed: nothing was acknowledged
        }
      }
    });
    await eventually(() => expect(acknowledged.length).toBeGreaterThan(20), 10_000);

    const slow = slowCreate(clients, clientBody({ name: 'in flight at SIGTERM' }));
    // Let the service read the request's head before the signal.
    await new Promise((r) => setTimeout(r, 1000));
    service.child.kill('SIGTERM');
    await service.logged(/^SIGTERM: finishing the requests in flight/);
    // No new connection, while that request is still in flight.
    await eventually(async () => expect(await freshConnection(url)).toBe('ECONNREFUSED'), 10_000);
    slow.finish();
    const inFlight = await slow.answer;
    expect(inFlight.status).toBe(201);

    const exit = await service.exited;
    stopLoad = true;
    await Promise.all(load);
    expect(exit).toEqual({ code: 0, signal: null });
    // Every answer the load got was a success: nothing failed half-way, nothing was refused with a 5xx.
    expect(answers.every((status) => status === 201)).toBe(true);
    expect(service.lines.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);

    const ids = [...acknowledged, inFlight.body.clientId];
    const { stored, audited } = await inspect(db, async (t) => ({
      stored: await t.dataSource.getRepository(ClientEntity).countBy({ id: In(ids) }),
      audited: await t.dataSource
        .getRepository(AuditEntryEntity)
        .countBy({ entityId: In(ids), action: 'client.created' }),
    }));
    expect(stored).toBe(ids.length);
    expect(audited).toBe(ids.length);
  });

  it('finishes the activation batch it is running; the rest is activated after a restart, each snapshot once', async () => {
    const N = 1100; // two batches: 1,000 and 100
    service = await startService(db, dataDir);
    const { setupId } = (await post(`${service.url}${SETUPS}`, { name: 'due at once' })).body;
    const clients = `${service.url}${SETUPS}/${setupId}/clients`;
    const createAll = async (count: number, body: () => Record<string, unknown>, ids: string[]) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < count) {
            next++;
            const res = await post(clients, body());
            expect(res.status).toBe(201);
            ids.push(res.body.clientId);
          }
        }),
      );
    };
    // How fast this machine creates clients right now (once warm) decides how far ahead the instant must be.
    await createAll(100, () => clientBody(), []);
    const started = Date.now();
    await createAll(100, () => clientBody(), []);
    const estimateMs = ((Date.now() - started) * N) / 100;
    const validFrom = new Date(Date.now() + 2 * estimateMs + 2500);
    const created: string[] = [];
    await createAll(N, () => clientBody({ valid_from: validFrom.toISOString() }), created);
    expect(Date.now()).toBeLessThan(validFrom.getTime() - 500);

    // The signal comes just after the instant: the activation run has started (or is about to).
    await new Promise((r) => setTimeout(r, validFrom.getTime() + 30 - Date.now()));
    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.lines.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);

    // Whatever was activated before the exit was announced (audited) once; the rest is still due.
    const activatedBefore = await inspect(db, async (t) => {
      const activated = await t.dataSource
        .getRepository(ClientEntity)
        .findBy({ id: In(created), activeSnapshotId: Not(IsNull()) });
      const audits = await t.dataSource
        .getRepository(AuditEntryEntity)
        .findBy({ entityId: In(created), action: 'client.snapshot-activated' });
      expect(audits.map((a) => a.entityId).sort()).toEqual(activated.map((c) => c.id).sort());
      return activated.length;
    });
    expect(activatedBefore).toBeLessThanOrEqual(N);

    // Restarted, the service activates what is left; each snapshot ends up activated and announced once.
    const clock = new ShiftedClock();
    clock.advance(-86_400_000);
    const inspector = await startTestApp(kind, {}, clock, db);
    try {
      service = await startService(db, dataDir);
      const clientsRepo = inspector.dataSource.getRepository(ClientEntity);
      await eventually(
        async () => expect(await clientsRepo.countBy({ id: In(created), activeSnapshotId: Not(IsNull()) })).toBe(N),
        20_000,
      );
      service.child.kill('SIGTERM');
      expect(await service.exited).toEqual({ code: 0, signal: null });
      const audits = await inspector.dataSource
        .getRepository(AuditEntryEntity)
        .findBy({ entityId: In(created), action: 'client.snapshot-activated' });
      expect(audits).toHaveLength(N);
      expect(new Set(audits.map((a) => a.entityId)).size).toBe(N);
    } finally {
      await inspector.close();
    }
  }, 120_000);
});
