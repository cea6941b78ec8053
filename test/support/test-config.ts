import type { AppConfig, DatabaseConfig, StaticToken } from '@app/core';

export const TEST_KEY = Buffer.alloc(32, 7);

/**
 * The configuration every spec starts from (what loadConfig would give with the test settings): no
 * listening port of its own, quiet logs, no rate limit, the test key, nothing read from ./data.
 */
export function testConfig(
  database: DatabaseConfig,
  overrides: Partial<AppConfig> = {},
  tokens: StaticToken[] = [],
): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    apiPrefix: '',
    dataDir: '/nonexistent',
    database,
    secretEncryptionKey: TEST_KEY,
    secretKeyFile: '/nonexistent/secret.key',
    logLevel: 'error',
    secretRotationGraceSeconds: 86_400,
    rateLimitPerMinute: 0,
    corsOrigins: [],
    auth: { tokens, adminTokenFile: '/nonexistent/admin-token' },
    ...overrides,
  };
}
