import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { DATABASES } from './support/databases';
import { SETUPS } from './support/paths';
import { startTestApp, TEST_TOKENS, type TestApp } from './support/test-app';

const CLI = join(__dirname, '..', 'bin', 'oauth-registry.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI as a CI job runs it: a child process talking HTTP to the real service. */
describe.each(DATABASES)('the oauth-registry CLI against the service on %s', (kind) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    dir = mkdtempSync(join(tmpdir(), 'oauth-registry-cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        {
          env: {
            PATH: process.env.PATH ?? '',
            OAUTH_REGISTRY_URL: t.url.replace('[::1]', '127.0.0.1'),
            OAUTH_REGISTRY_TOKEN: TEST_TOKENS.admin,
            NO_COLOR: '1',
            ...env,
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
  }

  it('exports, plans (exit 0 / 2 / 1) and applies a document kept as YAML', async () => {
    const { setupId } = (await t.http.post(SETUPS).send({ name: 'cli' }).expect(201)).body;
    await t.http
      .post(`${SETUPS}/${setupId}/clients`)
      .send({ client_id: 'web', redirect_uris: ['https://web.example.com/cb'] })
      .expect(201);
    const file = join(dir, `${kind}-setup.yaml`);

    const exported = await cli(['export', '--setup', setupId, '--out', file]);
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    const doc = parse(readFileSync(file, 'utf8'));
    expect(doc.clients.map((c: { client_id: string }) => c.client_id)).toEqual(['web']);

    expect(await cli(['plan', '--setup', setupId, '--file', file])).toMatchObject({ code: 0 });

    doc.clients[0].redirect_uris.push('https://web.example.com/cb2');
    doc.clients.push({
      client_id: 'batch',
      grant_types: ['client_credentials'],
      redirect_uris: ['https://batch.example.com/cb'],
      client_secret: '${env:BATCH_SECRET}',
    });
    writeFileSync(file, stringify(doc));
    const secret = 'a-secret-from-the-ci-vault-0123456789abcdef';
    const changed = await cli(['plan', '--setup', setupId, '--file', file], { BATCH_SECRET: secret });
    expect(changed.code).toBe(2);
    expect(changed.stdout).toContain('+ create client "batch"');
    expect(changed.stdout).toContain('~ update client "web"');
    expect(changed.stdout).toContain('+ /redirect_uris/- "https://web.example.com/cb2"');
    expect(changed.stdout).not.toContain(secret);

    const applied = await cli(['apply', '--setup', setupId, '--file', file], { BATCH_SECRET: secret });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('1 to create, 1 to update, 0 to delete');
    expect(await cli(['plan', '--setup', setupId, '--file', file], { BATCH_SECRET: secret })).toMatchObject({
      code: 0,
    });
    const batch = (await t.http.get(`${SETUPS}/${setupId}/clients/by-client-id/batch`).expect(200)).body.clientId;
    expect((await t.http.get(`${SETUPS}/${setupId}/clients/${batch}`).expect(200)).body.client_secret_set).toBe(true);

    // Errors exit 1: a reference to a variable that is not set, a rule broken, a stale plan hash.
    expect(await cli(['plan', '--setup', setupId, '--file', file])).toMatchObject({ code: 1 });
    doc.clients[0].redirect_uris = ['https://web.example.com/cb#fragment'];
    writeFileSync(file, stringify(doc));
    const broken = await cli(['plan', '--setup', setupId, '--file', file], { BATCH_SECRET: secret });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('/clients/0/redirect_uris/0');
    doc.clients[0].redirect_uris = ['https://web.example.com/cb'];
    writeFileSync(file, stringify(doc));
    const stale = await cli(['apply', '--setup', setupId, '--file', file, '--plan-hash', 'stale'], {
      BATCH_SECRET: secret,
    });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('PRECONDITION_FAILED');
  });

  it('exits 1 without configuration, with a bad token or an unreachable service', async () => {
    expect((await cli(['plan', '--setup', 'x', '--file', 'x'], { OAUTH_REGISTRY_URL: '' })).code).toBe(1);
    const unauthorised = await cli(['export', '--setup', '0'.repeat(32)], { OAUTH_REGISTRY_TOKEN: 'wrong' });
    expect(unauthorised.code).toBe(1);
    expect(unauthorised.stderr).toContain('UNAUTHENTICATED');
    const down = await cli(['export', '--setup', '0'.repeat(32)], { OAUTH_REGISTRY_URL: 'http://127.0.0.1:9' });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot reach');
  });
});
