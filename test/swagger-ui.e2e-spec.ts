import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { SwaggerUiPage } from './browser/swagger-ui-page';
import { createTestDatabase, DATABASES, type TestDatabase } from './support/databases';
import { ensureBuilt, type ServiceProcess, startService } from './support/service-process';

/** Debian's chromium (`apt-get install chromium`); .ci/run installs it. Never a browser download. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The flags that work on this kind of machine (STACK.md): no sandbox as root, no background traffic. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Screenshots of every step, for a person to look at. */
const SCREENSHOTS = process.env.SWAGGER_UI_SCREENSHOTS ?? join(tmpdir(), 'oauth-registry-swagger-ui');

const available = existsSync(CHROMIUM);
if (!available && process.env.CI && process.env.CI !== 'false') {
  throw new Error(`CI=true but there is no chromium at ${CHROMIUM}: .ci/run installs it with apt-get`);
}
if (!available) {
  process.stderr.write(`Skipping the Swagger UI browser spec: no chromium at ${CHROMIUM} (apt-get install chromium)\n`);
}

jest.setTimeout(180_000);

/**
 * A newcomer's first contact: the built service on a fresh DATA_DIR prints its admin token; in a real
 * browser, Swagger UI takes it under Authorize and runs every step with the page's own pre-filled
 * examples, typing in only the ids the page itself showed.
 */
(available ? describe.each(DATABASES) : describe.skip.each(DATABASES))('Swagger UI in Chromium on %s', (kind) => {
  let db: TestDatabase;
  let dataDir: string;
  let profile: string;
  let service: ServiceProcess;
  let context: BrowserContext;
  let ui: SwaggerUiPage;

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase(kind);
    dataDir = mkdtempSync(join(tmpdir(), 'oauth-registry-docs-'));
    profile = mkdtempSync(join(tmpdir(), 'oauth-registry-chromium-'));
    // No API_TOKENS: the first start generates the admin token and prints it, as for a newcomer.
    service = await startService(db, dataDir, { API_TOKENS: '', RATE_LIMIT_PER_MINUTE: '600' });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    ui = new SwaggerUiPage(await context.newPage(), (name) => join(SCREENSHOTS, `${kind}-${name}.png`));
  });

  afterAll(async () => {
    await context?.close();
    if (service?.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    await db?.drop();
    for (const dir of [dataDir, profile]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates, reads, edits and lists a setup and a client through the page alone', async () => {
    const printed = service.lines.map((l) => String(l.msg)).join('\n');
    const token = /Authorization: Bearer ([A-Za-z0-9_-]{43})/.exec(printed)?.[1];
    expect(token).toBeDefined();

    await ui.open(service.url);
    await ui.page.screenshot({ path: join(SCREENSHOTS, `${kind}-0-docs.png`) });
    await ui.authorize(token!);

    const created = await ui.execute('setups', 'setups_create', {}, '1-create-setup');
    expect([created.status, created.body]).toEqual([201, expect.stringContaining('setupId')]);
    const { setupId } = JSON.parse(created.body) as { setupId: string };

    const setup = await ui.execute('setups', 'setups_get', { setupId }, '2-read-setup');
    expect(setup.status).toBe(200);
    expect(JSON.parse(setup.body)).toMatchObject({ setupId, name: 'Retail banking' });

    // The metadata filter as the page sends it (metadata[region]=EU), and the service understands it.
    const byRegion = await ui.execute('setups', 'setups_list', { metadata: '{"region": "EU"}' }, '2-list-setups');
    expect([byRegion.status, JSON.parse(byRegion.body)]).toEqual([200, { setupIds: [setupId] }]);
    const elsewhere = await ui.execute('setups', 'setups_list', { metadata: '{"region": "US"}' });
    expect(JSON.parse(elsewhere.body)).toEqual({ setupIds: [] });

    const client = await ui.execute('clients', 'clients_create', { setupId }, '3-create-client');
    expect(client.status).toBe(201);
    const { clientId, client_secret } = JSON.parse(client.body) as { clientId: string; client_secret: string };
    expect(client_secret).toEqual(expect.any(String));

    const read = await ui.execute('clients', 'clients_get', { setupId, clientId }, '4-read-client');
    expect(read.status).toBe(200);
    expect(JSON.parse(read.body)).toMatchObject({ clientId, name: 'Online banking web app', client_secret_set: true });
    const etag = /etag: (\S+)/i.exec(read.headers)?.[1];
    expect(etag).toBe('"1"');

    const edited = await ui.execute(
      'clients',
      'clients_update',
      { setupId, clientId, 'If-Match': etag! },
      '5-edit-client',
    );
    expect(edited.status).toBe(200);
    expect(JSON.parse(edited.body)).toMatchObject({ clientId, state: 'active' });
    expect(/etag: (\S+)/i.exec(edited.headers)?.[1]).toBe('"2"');

    const list = await ui.execute('clients', 'clients_list', { setupId }, '6-list-clients');
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body)).toEqual({ clientIds: [clientId], next: null });

    const snapshots = await ui.execute('clients', 'clients_listSnapshots', { setupId, clientId }, '7-list-snapshots');
    expect(snapshots.status).toBe(200);
    expect(JSON.parse(snapshots.body).snapshotIds).toHaveLength(2);
  });
});
