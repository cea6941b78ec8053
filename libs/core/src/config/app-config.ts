import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

/** PostgreSQL connections per instance by default (README, Configuration). */
export const DEFAULT_POOL_SIZE = 20;

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | {
      type: 'postgres';
      url: string;
      schema?: string;
      /** How long to wait for a new connection before the request fails (503); default 5000. */
      connectTimeoutMs?: number;
      /** Longest a statement may run, enforced by the server and by the client; 0: no limit; default 30000. */
      queryTimeoutMs?: number;
      /** Connections the service keeps at most (DATABASE_POOL_SIZE). */
      poolSize?: number;
    };

export interface StaticToken {
  subject: string;
  roles: string[];
  /** SHA-256 of the token: the token itself is not kept in memory. */
  sha256: Buffer;
}

export interface OidcConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Dotted path of the roles claim, e.g. `roles` or `realm_access.roles`. */
  rolesClaim: string;
}

export interface AuthConfig {
  tokens: StaticToken[];
  oidc?: OidcConfig;
  /** Where the generated admin token's hash is kept when nothing else is configured. */
  adminTokenFile: string;
}

/** Domain events to NATS JetStream through the transactional outbox; absent without NATS_URL. */
export interface OutboxConfig {
  /** NATS servers, e.g. `nats://127.0.0.1:4222` (NATS_URL, comma-separated for a cluster). */
  servers: string[];
  /** The JetStream stream, created if missing. */
  stream: string;
  /** First subject tokens: `<prefix>.<module>.<setupId>.<entityType>.<entityId>.<action>`. */
  subjectPrefix: string;
  /** How long published rows stay in the outbox table; 0 deletes them once the broker has them. */
  retentionSeconds: number;
}

export interface AppConfig {
  port: number;
  host: string;
  apiPrefix: string;
  dataDir: string;
  database: DatabaseConfig;
  /** 32-byte AES key given in the environment; absent means the key file under dataDir. */
  secretEncryptionKey?: Buffer;
  secretKeyFile: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** `json` (absent: json): one JSON object per line, for log collectors; `pretty`: human-readable lines. */
  logFormat?: 'json' | 'pretty';
  auth: AuthConfig;
  /** How long a rotated-out client secret stays valid, in seconds. */
  secretRotationGraceSeconds: number;
  /** Requests per minute and principal (per address without a token); 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Origins allowed by CORS; empty: CORS is off. */
  corsOrigins: string[];
  /** The origin clients reach the service at (behind a proxy), for absolute URLs such as registration_client_uri. */
  publicUrl?: string;
  /** SHA-256 of the bearer token GET /metrics requires; absent: /metrics is public, like health. */
  metricsToken?: Buffer;
  /** After SIGTERM, how long to wait for requests in flight and the activation batch before giving up (exit 1); absent: 25 s. */
  shutdownTimeoutMs?: number;
  /** The longest a client may take to send a whole request (headers and body) before a 408; absent: 10 s. */
  requestTimeoutMs?: number;
  /** Absent: events reach in-process consumers only, and nothing is written to the outbox. */
  outbox?: OutboxConfig;
  /** How long deleted setups, clients and resource servers stay readable, in days; 0 erases at once; absent: 90. */
  softDeleteRetentionDays?: number;
}

export class InvalidConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/**
 * Reads the whole environment once and reports every bad variable at once,
 * so an operator fixes the deployment in one go instead of one restart per mistake.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];

  const port = parsePort(env.PORT, problems);
  const dataDir = resolve(env.DATA_DIR?.trim() || 'data');

  const apiPrefix = (env.API_PREFIX ?? '').trim().replace(/^\/+|\/+$/g, '');
  if (apiPrefix && !/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(apiPrefix)) {
    problems.push(`API_PREFIX must be path segments such as "nevismeta/rest", got "${apiPrefix}"`);
  }

  const database = parseDatabase(env.DATABASE_URL, dataDir, problems);

  let secretEncryptionKey: Buffer | undefined;
  const rawKey = env.SECRET_ENCRYPTION_KEY?.trim();
  if (rawKey) {
    secretEncryptionKey = parseKey(rawKey);
    if (!secretEncryptionKey) {
      problems.push(
        'SECRET_ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)',
      );
    }
  } else if (database.type === 'postgres' && !env.SECRET_KEY_FILE) {
    // Several instances share one PostgreSQL database; a key file generated per machine would
    // make each instance unable to read the others' secrets.
    problems.push('SECRET_ENCRYPTION_KEY (or SECRET_KEY_FILE) is required when DATABASE_URL points to PostgreSQL');
  }

  const logLevel = (env.LOG_LEVEL?.trim() || 'log') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  // Human-readable lines where a person reads them (NODE_ENV=development), JSON for log collectors everywhere else.
  const logFormat = (env.LOG_FORMAT?.trim() ||
    (env.NODE_ENV?.trim() === 'development' ? 'pretty' : 'json')) as AppConfig['logFormat'];
  if (logFormat !== 'json' && logFormat !== 'pretty')
    problems.push(`LOG_FORMAT must be json or pretty, got "${env.LOG_FORMAT}"`);

  const auth = parseAuth(env, dataDir, problems);
  const grace = env.SECRET_ROTATION_GRACE_SECONDS?.trim();
  const secretRotationGraceSeconds = grace ? Number(grace) : 86_400;
  const rate = env.RATE_LIMIT_PER_MINUTE?.trim();
  const rateLimitPerMinute = rate ? Number(rate) : 600;
  if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 0)
    problems.push('RATE_LIMIT_PER_MINUTE must be a whole number (0 turns the limit off)');
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins)
    if (!/^https?:\/\/[^/]+$/.test(origin))
      problems.push(`CORS_ORIGINS must list origins such as https://admin.example.com, got "${origin}"`);
  const publicUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined;
  if (publicUrl !== undefined && !/^https?:\/\/[^/?#\s]+$/.test(publicUrl))
    problems.push(`PUBLIC_URL must be an origin such as https://registry.example.com, got "${publicUrl}"`);
  if (
    !Number.isInteger(secretRotationGraceSeconds) ||
    secretRotationGraceSeconds < 0 ||
    secretRotationGraceSeconds > 2_592_000
  ) {
    problems.push('SECRET_ROTATION_GRACE_SECONDS must be a whole number of seconds from 0 to 2592000 (30 days)');
  }

  const metricsToken = env.METRICS_TOKEN?.trim();
  if (metricsToken !== undefined && metricsToken !== '' && metricsToken.length < 32)
    problems.push('METRICS_TOKEN must be at least 32 characters (or absent: /metrics is then public)');
  const shutdownTimeoutMs = wholeNumber(env, 'SHUTDOWN_TIMEOUT_MS', 25_000, 1, 3_600_000, problems);
  const requestTimeoutMs = wholeNumber(env, 'REQUEST_TIMEOUT_MS', 10_000, 1000, 300_000, problems);
  if (database.type === 'postgres') {
    database.connectTimeoutMs = wholeNumber(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5000, 1, 600_000, problems);
    database.queryTimeoutMs = wholeNumber(env, 'DATABASE_QUERY_TIMEOUT_MS', 30_000, 0, 3_600_000, problems);
    database.poolSize = wholeNumber(env, 'DATABASE_POOL_SIZE', DEFAULT_POOL_SIZE, 1, 1000, problems);
  }
  const outbox = parseOutbox(env, problems);
  const softDeleteRetentionDays = wholeNumber(env, 'SOFT_DELETE_RETENTION_DAYS', 90, 0, 36_500, problems);

  if (problems.length) throw new InvalidConfigError(problems);

  return {
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    apiPrefix,
    dataDir,
    database,
    secretEncryptionKey,
    secretKeyFile: resolve(env.SECRET_KEY_FILE?.trim() || resolve(dataDir, 'secret.key')),
    logLevel,
    logFormat,
    auth,
    secretRotationGraceSeconds,
    rateLimitPerMinute,
    corsOrigins,
    ...(publicUrl ? { publicUrl } : {}),
    metricsToken: metricsToken ? createHash('sha256').update(metricsToken).digest() : undefined,
    shutdownTimeoutMs,
    requestTimeoutMs,
    ...(outbox ? { outbox } : {}),
    softDeleteRetentionDays,
  };
}

/** An optional whole number within bounds, in milliseconds or a count. */
function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return fallback;
}

function parseOutbox(env: NodeJS.ProcessEnv, problems: string[]): OutboxConfig | undefined {
  const servers = (env.NATS_URL ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!servers.length) return undefined;
  for (const server of servers) {
    if (!/^(nats|tls):\/\/[^/\s]+$|^[^:/\s]+:\d+$/.test(server))
      problems.push(`NATS_URL must list servers such as nats://127.0.0.1:4222, got "${server}"`);
  }
  const stream = env.NATS_STREAM?.trim() || 'OAUTH_REGISTRY';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(stream))
    problems.push(`NATS_STREAM must be letters, digits, "_" or "-", got "${stream}"`);
  const subjectPrefix = env.NATS_SUBJECT_PREFIX?.trim() || 'oauth-registry';
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(subjectPrefix)) {
    problems.push(
      `NATS_SUBJECT_PREFIX must be dot-separated tokens of letters, digits, "_" or "-" (no wildcards), got "${subjectPrefix}"`,
    );
  }
  const retention = env.OUTBOX_RETENTION_SECONDS?.trim();
  const retentionSeconds = retention ? Number(retention) : 86_400;
  if (!Number.isInteger(retentionSeconds) || retentionSeconds < 0)
    problems.push('OUTBOX_RETENTION_SECONDS must be a whole number of seconds (0 deletes published rows at once)');
  return { servers, stream, subjectPrefix, retentionSeconds };
}

function parseAuth(env: NodeJS.ProcessEnv, dataDir: string, problems: string[]): AuthConfig {
  const tokens: StaticToken[] = [];
  const raw = env.API_TOKENS?.trim();
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const valid =
      Array.isArray(parsed) &&
      parsed.every(
        (t) =>
          typeof t?.subject === 'string' &&
          t.subject.length > 0 &&
          typeof t.token === 'string' &&
          t.token.length >= 32 &&
          Array.isArray(t.roles) &&
          t.roles.every((r: unknown) => typeof r === 'string'),
      );
    if (!valid) {
      problems.push(
        'API_TOKENS must be a JSON array of {"subject": "...", "roles": ["nevisMeta.admin"], "token": "<at least 32 characters>"}',
      );
    } else {
      for (const t of parsed as Array<{ subject: string; roles: string[]; token: string }>) {
        tokens.push({ subject: t.subject, roles: t.roles, sha256: createHash('sha256').update(t.token).digest() });
      }
    }
  }
  const issuer = env.OIDC_ISSUER?.trim();
  const audience = env.OIDC_AUDIENCE?.trim();
  const jwksUrl = env.OIDC_JWKS_URL?.trim();
  let oidc: OidcConfig | undefined;
  if (issuer || audience || jwksUrl) {
    if (!issuer || !audience || !jwksUrl) problems.push('OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL go together');
    else if (!/^https?:\/\//.test(jwksUrl)) problems.push('OIDC_JWKS_URL must be an http(s) URL');
    else oidc = { issuer, audience, jwksUrl, rolesClaim: env.OIDC_ROLES_CLAIM?.trim() || 'roles' };
  }
  return {
    tokens,
    oidc,
    adminTokenFile: resolve(env.ADMIN_TOKEN_FILE?.trim() || resolve(dataDir, 'admin-token.sha256')),
  };
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535, got "${raw}"`);
    return 3000;
  }
  return port;
}

function parseDatabase(raw: string | undefined, dataDir: string, problems: string[]): DatabaseConfig {
  const url = raw?.trim();
  if (!url) return { type: 'sqlite', path: resolve(dataDir, 'oauth-registry.sqlite') };
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      const parsed = new URL(url);
      const schema = parsed.searchParams.get('schema') ?? undefined;
      return { type: 'postgres', url, schema };
    } catch {
      problems.push('DATABASE_URL is not a valid postgres:// URL');
      return { type: 'postgres', url };
    }
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) problems.push('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/registry.sqlite');
    return { type: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  problems.push('DATABASE_URL must start with postgres://, postgresql:// or sqlite:');
  return { type: 'sqlite', path: '' };
}

function parseKey(raw: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) {
    const key = Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
  }
  return undefined;
}
