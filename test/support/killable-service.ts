/** The built service under NATS, for the crash specs: kill -9 and restart it, wait for readiness. (service-process.ts runs it for the log and shutdown specs.) */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import type { OutboxConfig } from '@app/core';
import type { TestDatabase } from './databases';
import { freePort } from './nats';
import { TEST_KEY, TEST_TOKENS } from './test-app';

export { ensureBuilt } from './service-process';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/apps/api/src/main.js');

export interface ServiceProcess {
  url: string;
  /** Resolves once GET /health/ready answers 200 (startService waits for it unless told not to). */
  ready(): Promise<void>;
  /** Everything the process printed, for the failure message of a test. */
  output(): string;
  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  kill9(): Promise<void>;
  /** SIGTERM, and wait for the process to exit. */
  stop(): Promise<void>;
}

/** Authorization header of the test administrator (the service gets the same tokens through API_TOKENS). */
export const ADMIN_AUTH = `Bearer ${TEST_TOKENS.admin}`;

/**
 * Starts `node dist/apps/api/src/main.js` with configuration in its environment, as an operator would,
 * on the given database and stream, and waits until it is ready (unless `waitReady` is false).
 */
export async function startService(
  db: TestDatabase,
  outbox: OutboxConfig,
  { waitReady = true } = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const database =
    db.config.type === 'postgres'
      ? `${db.config.url}${db.config.url.includes('?') ? '&' : '?'}schema=${db.config.schema}`
      : `sqlite:${db.config.path}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: db.dir ?? '/nonexistent',
    DATABASE_URL: database,
    SECRET_ENCRYPTION_KEY: TEST_KEY.toString('hex'),
    API_TOKENS: JSON.stringify([{ subject: 'test-admin', roles: ['nevisMeta.admin'], token: TEST_TOKENS.admin }]),
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
    NATS_URL: outbox.servers.join(','),
    NATS_STREAM: outbox.stream,
    NATS_SUBJECT_PREFIX: outbox.subjectPrefix,
    OUTBOX_RETENTION_SECONDS: String(outbox.retentionSeconds),
  };
  const child: ChildProcess = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const ready = async () => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`the service exited (${child.exitCode ?? child.signalCode}):\n${output}`);
      const ok = await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the service did not become ready:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  if (waitReady) await ready();
  const exit = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  };
  return { url, ready, output: () => output, kill9: exit('SIGKILL'), stop: exit('SIGTERM') };
}
