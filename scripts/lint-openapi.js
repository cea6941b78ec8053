// Lints the OpenAPI document that the built service serves at /docs-json with Redocly's recommended
// ruleset; exits non-zero on any error. Run after `npm run build` (CI does: npm run lint:openapi).
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-registry-openapi-'));
  const service = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dir,
      API_TOKENS: JSON.stringify([{ subject: 'lint', roles: ['nevisMeta.admin'], token: 'x'.repeat(40) }]),
      LOG_LEVEL: 'log',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise((done, fail) => {
      let out = '';
      service.stdout.on('data', (chunk) => {
        out += chunk;
        const match = /listening on (http:\/\/[^\s)"]+)/.exec(out);
        if (match) done(match[1]);
      });
      service.on('exit', (code) => fail(new Error(`the service exited (${code}) before listening:\n${out}`)));
      setTimeout(() => fail(new Error(`the service did not start within 60 s:\n${out}`)), 60_000).unref();
    });
    const response = await fetch(`${url}/docs-json`);
    if (!response.ok) throw new Error(`GET /docs-json answered ${response.status}`);
    const document = join(dir, 'openapi.json');
    // Pretty-printed, so that every finding points at a readable line.
    writeFileSync(document, JSON.stringify(await response.json(), null, 2));
    const lint = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', document, '--extends=recommended'],
      { stdio: 'inherit', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    );
    return lint.status ?? 1;
  } finally {
    service.kill('SIGTERM');
    await new Promise((done) => (service.exitCode === null ? service.on('exit', done) : done()));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
