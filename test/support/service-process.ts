import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestDatabase } from './databases';
import { TEST_KEY, TEST_TOKENS } from './test-app';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/apps/api/src/main.js');

/** The newest modification time of the sources the build compiles. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The built service is what runs in production, so these specs run `dist/`. CI builds before testing;
 * locally a missing or stale build (older than a source file) is rebuilt here, in a few seconds.
 */
export function ensureBuilt(): void {
  const sources = Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')));
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= sources) return;
  try {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
  } catch (err) {
    const out = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(
      `dist/ is missing or older than the sources, and \`npm run build\` failed:\n${out.stdout ?? ''}${out.stderr ?? ''}`,
      { cause: err },
    );
  }
  if (!existsSync(MAIN)) throw new Error(`\`npm run build\` did not produce ${MAIN}`);
}

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Every line the service wrote to standard output and error, parsed when it is JSON. */
  lines: Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once a log line matching `msg` has been written. */
  logged(msg: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** `DATABASE_URL` for the database a spec created. */
export function databaseUrl(db: TestDatabase): string {
  if (db.config.type === 'sqlite') return `sqlite:${db.config.path}`;
  const url = new URL(db.config.url);
  if (db.config.schema) url.searchParams.set('schema', db.config.schema);
  return url.toString();
}

/** Starts `node dist/apps/api/src/main.js` on `db`, as an operator would, and waits until it listens. */
export async function startService(
  db: TestDatabase,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl(db),
      SECRET_ENCRYPTION_KEY: TEST_KEY.toString('hex'),
      API_TOKENS: JSON.stringify([{ subject: 'test-admin', roles: ['nevisMeta.admin'], token: TEST_TOKENS.admin }]),
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'log',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const line of parts.filter(Boolean)) {
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          lines.push({ msg: line });
        }
      }
      waiters.splice(0).forEach((wake) => wake());
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  const logged = async (msg: RegExp, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines.find((l) => typeof l.msg === 'string' && msg.test(l.msg));
      if (found) return found;
      if (child.exitCode !== null)
        throw new Error(
          `The service exited (${child.exitCode}) before logging ${msg}:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`,
        );
      if (Date.now() > deadline)
        throw new Error(
          `The service did not log ${msg} within ${timeoutMs} ms:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`,
        );
      await new Promise<void>((wake) => {
        waiters.push(wake);
        setTimeout(wake, 200);
      });
    }
  };
  const listening = await logged(/^oauth-registry listening on /);
  const url = /listening on (http:\/\/\S+)/.exec(listening.msg as string)![1];
  return { url, child, lines, exited, logged };
}
