import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATABASES } from './support/databases';
import { startTestApp, type TestApp, TEST_TOKENS } from './support/test-app';

const ROOT = resolve(__dirname, '..');
const DIR = join(__dirname, 'typed-client');
const GENERATED = join(DIR, 'generated');

interface TypedClientProgram {
  createSetupAndClient(
    baseUrl: string,
    token: string,
  ): Promise<{
    setupId: string;
    clientId: string;
    client: unknown;
    etag: string | null;
    listedSetupIds: string[] | undefined;
    missing: { status: number; code: string | undefined };
  }>;
}

/** Runs a tool of node_modules with the running node; its output is the failure message when it fails. */
function run(script: string, args: string[]): void {
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', script), ...args], { cwd: ROOT, stdio: 'pipe' });
  } catch (err) {
    const out = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`${script} failed:\n${out.stdout ?? ''}${out.stderr ?? ''}`, { cause: err });
  }
}

/** A client generated from /docs-json (openapi-typescript + openapi-fetch) compiles and works. */
describe.each(DATABASES)('typed client generated from /docs-json on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind);
    mkdirSync(GENERATED, { recursive: true });
    const document = join(GENERATED, 'openapi.json');
    writeFileSync(document, JSON.stringify((await t.http.get('/docs-json').expect(200)).body));
    run('openapi-typescript/bin/cli.js', [document, '--output', join(GENERATED, 'schema.d.ts')]);
  }, 120_000);
  afterAll(() => t.close());

  it('type-checks a program that uses it', () => {
    run('typescript/bin/tsc', ['-p', join(DIR, 'tsconfig.json')]);
  }, 120_000);

  it('creates a setup and a client, reads and lists them, and types the problem', async () => {
    // Loaded by path: the program compiles only once the spec has generated the types it imports.
    const program = (await import(join(DIR, 'create-setup-and-client'))) as TypedClientProgram;
    const result = await program.createSetupAndClient(t.url, TEST_TOKENS.admin);
    expect(result.client).toMatchObject({ clientId: result.clientId, name: 'Typed client', access_token_ttl: 600 });
    expect(result.etag).toBe('"1"');
    expect(result.listedSetupIds).toEqual([result.setupId]);
    expect(result.missing).toEqual({ status: 404, code: 'SETUP_NOT_FOUND' });
  });
});
