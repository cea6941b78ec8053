import { resolve } from 'node:path';
import { InvalidConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to port 3000 and the SQLite file under ./data', () => {
    const sut = loadConfig({});
    expect(sut).toMatchObject({
      port: 3000,
      apiPrefix: '',
      database: { type: 'sqlite', path: resolve('data/oauth-registry.sqlite') },
    });
    expect(sut.secretEncryptionKey).toBeUndefined();
    expect(sut.secretKeyFile).toBe(resolve('data/secret.key'));
  });

  it('reads PostgreSQL, the prefix and a base64 key', () => {
    const key = Buffer.alloc(32, 9);
    const sut = loadConfig({
      DATABASE_URL: 'postgres://app@db:5432/registry?schema=oauth',
      API_PREFIX: '/nevismeta/rest/',
      SECRET_ENCRYPTION_KEY: key.toString('base64'),
      PORT: '8080',
    });
    expect(sut).toMatchObject({
      port: 8080,
      apiPrefix: 'nevismeta/rest',
      database: { type: 'postgres', schema: 'oauth' },
    });
    expect(sut.secretEncryptionKey).toEqual(key);
  });

  it('reads PUBLIC_URL as an origin, and refuses one with a path', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://registry.example.com/' }).publicUrl).toBe('https://registry.example.com');
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(() => loadConfig({ PUBLIC_URL: 'https://registry.example.com/x' })).toThrow(/PUBLIC_URL/);
  });

  it('accepts a hex key', () => {
    expect(loadConfig({ SECRET_ENCRYPTION_KEY: 'ab'.repeat(32) }).secretEncryptionKey).toEqual(Buffer.alloc(32, 0xab));
  });

  it('reports every bad variable at once', () => {
    let error: InvalidConfigError | undefined;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        API_PREFIX: 'a b',
        SECRET_ENCRYPTION_KEY: 'short',
        LOG_LEVEL: 'loud',
      });
    } catch (err) {
      error = err as InvalidConfigError;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error!.problems).toHaveLength(5);
    expect(error!.problems.join('\n')).toMatch(
      /PORT[\s\S]*API_PREFIX[\s\S]*DATABASE_URL[\s\S]*SECRET_ENCRYPTION_KEY[\s\S]*LOG_LEVEL/,
    );
  });

  it('requires a shared key with PostgreSQL, where instances cannot each generate their own', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/registry' })).toThrow(/SECRET_ENCRYPTION_KEY/);
  });

  it('logs JSON unless told otherwise, and human-readable lines in development', () => {
    expect(loadConfig({}).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'development' }).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'development', LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('reads the operations settings: metrics token, shutdown and database timeouts', () => {
    const sut = loadConfig({
      DATABASE_URL: 'postgres://db/registry',
      SECRET_ENCRYPTION_KEY: 'ab'.repeat(32),
      METRICS_TOKEN: 'm'.repeat(32),
      SHUTDOWN_TIMEOUT_MS: '10000',
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      DATABASE_QUERY_TIMEOUT_MS: '0',
      DATABASE_POOL_SIZE: '5',
    });
    expect(sut.metricsToken).toHaveLength(32);
    expect(sut).toMatchObject({
      shutdownTimeoutMs: 10_000,
      database: { connectTimeoutMs: 2000, queryTimeoutMs: 0, poolSize: 5 },
    });
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(
      loadConfig({ DATABASE_URL: 'postgres://db/registry', SECRET_ENCRYPTION_KEY: 'ab'.repeat(32) }).database,
    ).toMatchObject({ connectTimeoutMs: 5000, queryTimeoutMs: 30_000, poolSize: 20 });
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://db/r', SECRET_ENCRYPTION_KEY: 'ab'.repeat(32), DATABASE_POOL_SIZE: '0' }),
    ).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short', SHUTDOWN_TIMEOUT_MS: '-1' })).toThrow(
      /METRICS_TOKEN[\s\S]*SHUTDOWN_TIMEOUT_MS/,
    );
  });

  it('reads how long a client may take to send a request (REQUEST_TIMEOUT_MS), 10 s by default', () => {
    expect(loadConfig({}).requestTimeoutMs).toBe(10_000);
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '2500' }).requestTimeoutMs).toBe(2500);
    for (const bad of ['0', '999', '300001', 'soon'])
      expect(() => loadConfig({ REQUEST_TIMEOUT_MS: bad })).toThrow(
        /REQUEST_TIMEOUT_MS must be a whole number from 1000 to 300000/,
      );
  });

  it('reads the NATS outbox settings, with defaults, only when NATS_URL is set', () => {
    expect(loadConfig({}).outbox).toBeUndefined();
    expect(loadConfig({ NATS_URL: 'nats://127.0.0.1:4222' }).outbox).toEqual({
      servers: ['nats://127.0.0.1:4222'],
      stream: 'OAUTH_REGISTRY',
      subjectPrefix: 'oauth-registry',
      retentionSeconds: 86_400,
    });
    expect(
      loadConfig({
        NATS_URL: 'nats://a:4222, nats://b:4222',
        NATS_STREAM: 'REG',
        NATS_SUBJECT_PREFIX: 'acme.registry',
        OUTBOX_RETENTION_SECONDS: '0',
      }).outbox,
    ).toEqual({
      servers: ['nats://a:4222', 'nats://b:4222'],
      stream: 'REG',
      subjectPrefix: 'acme.registry',
      retentionSeconds: 0,
    });
    expect(() =>
      loadConfig({
        NATS_URL: 'nats://a:4222',
        NATS_STREAM: 'a.b',
        NATS_SUBJECT_PREFIX: 'x.>',
        OUTBOX_RETENTION_SECONDS: '-1',
      }),
    ).toThrow(/NATS_STREAM[\s\S]*NATS_SUBJECT_PREFIX[\s\S]*OUTBOX_RETENTION_SECONDS/);
  });
});
