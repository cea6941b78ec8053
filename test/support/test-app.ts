import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EventBus, type IEvent } from '@nestjs/cqrs';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { createHash } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { type AppConfig, type Clock, type StaticToken } from '@app/core';
import { createApp } from '../../apps/api/src/create-app';
import { createTestDatabase, type DbKind, type TestDatabase } from './databases';
import { testConfig } from './test-config';

export { TEST_KEY } from './test-config';

/** Static API tokens of the test principals (configured as API_TOKENS would be). */
export const TEST_TOKENS = {
  admin: 'test-admin-token-0123456789abcdefghijklmnop',
  alice: 'test-alice-token-0123456789abcdefghijklmnop',
  bob: 'test-bob-token-0123456789abcdefghijklmnopqrs',
  nobody: 'test-nobody-token-0123456789abcdefghijklmno',
  authorizationServer: 'test-authorization-server-token-0123456789',
} as const;

const TOKEN_CONFIG: StaticToken[] = [
  { subject: 'test-admin', roles: ['nevisMeta.admin'], token: TEST_TOKENS.admin },
  { subject: 'alice', roles: ['nevisMeta.user'], token: TEST_TOKENS.alice },
  { subject: 'bob', roles: ['nevisMeta.user'], token: TEST_TOKENS.bob },
  { subject: 'nobody', roles: ['some.other.role'], token: TEST_TOKENS.nobody },
  { subject: 'as', roles: ['nevisMeta.authorizationServer'], token: TEST_TOKENS.authorizationServer },
].map(({ token, ...rest }) => ({ ...rest, sha256: createHash('sha256').update(token).digest() }));

export interface TestApp {
  app: NestFastifyApplication;
  /** Requests as the test administrator. */
  http: TestAgent;
  /** Requests as another principal, or with no token at all. */
  as(who: keyof typeof TEST_TOKENS | 'anonymous'): TestAgent;
  url: string;
  dataSource: DataSource;
  db: TestDatabase;
  config: AppConfig;
  /** Every event published on the EventBus since start (or the last `events.length = 0`). */
  events: IEvent[];
  close(): Promise<void>;
}

/**
 * nestjs-pino keeps the logger (stream and level) of a process's first application for all of them;
 * jest gives each spec file a fresh module registry, so that is per spec file.
 */
let firstLogger: { logs: DestinationStream | false; level: AppConfig['logLevel'] | undefined } | undefined;

/**
 * The real application (same factory as main.ts) on a fresh database of the given kind, or on
 * `shared`, a database another instance already uses (which this instance then leaves in place).
 * `logs`: a stream that receives every log line (as JSON) at `overrides.logLevel`; silent by default.
 */
export async function startTestApp(
  kind: DbKind,
  overrides: Partial<AppConfig> = {},
  clock?: Clock,
  shared?: TestDatabase,
  logs: DestinationStream | false = false,
): Promise<TestApp> {
  firstLogger ??= { logs, level: overrides.logLevel };
  if (logs !== firstLogger.logs || (logs && overrides.logLevel !== firstLogger.level)) {
    throw new Error(
      'Every application of one spec file must log to the same stream at the same level: nestjs-pino keeps the first logger of a process',
    );
  }
  const db = shared ?? (await createTestDatabase(kind));
  const config = testConfig(db.config, { dataDir: db.dir ?? '/nonexistent', ...overrides }, TOKEN_CONFIG);
  const app = await createApp(config, { clock, logs });
  // A real listening socket: concurrency tests open many connections at once.
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const events: IEvent[] = [];
  const subscription = app.get(EventBus).subscribe((event) => events.push(event));
  return {
    app,
    http: agentFor(url, 'admin'),
    as: (who) => agentFor(url, who),
    url,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    db,
    config,
    events,
    async close() {
      subscription.unsubscribe();
      await app.close();
      if (!shared) await db.drop();
    },
  };
}

function agentFor(url: string, who: keyof typeof TEST_TOKENS | 'anonymous'): TestAgent {
  const agent = request.agent(url.replace('[::1]', '127.0.0.1'));
  return who === 'anonymous' ? agent : agent.set('authorization', `Bearer ${TEST_TOKENS[who]}`);
}

/** Waits until `check` passes: for effects of event handlers, which run after the response. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
