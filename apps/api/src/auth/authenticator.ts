import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfigService, ensurePrivateDirectory, ensurePrivateFile, type StaticToken } from '@app/core';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { ADMIN_ROLE, type Principal } from './principal';

/** Signature algorithms accepted on JWTs: asymmetric only, so `none` and HMAC never pass. */
const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Turns a bearer token into a principal: a static API token from configuration (kept only as a
 * SHA-256 hash and compared in constant time), or a JWT from the configured OpenID Connect issuer
 * (verified with jose against its JWKS, which jose caches and fetches again for an unknown kid).
 * With nothing configured, the first start generates an admin token and prints it once.
 */
@Injectable()
export class Authenticator implements OnModuleInit {
  private readonly logger = new Logger('Auth');
  private readonly tokens: StaticToken[];
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: AppConfigService) {
    const { auth } = config.values;
    this.tokens = [...auth.tokens];
    if (auth.oidc)
      this.jwks = createRemoteJWKSet(new URL(auth.oidc.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  }

  onModuleInit(): void {
    const { auth } = this.config.values;
    if (auth.tokens.length || auth.oidc) return;
    this.tokens.push({
      subject: 'admin',
      roles: [ADMIN_ROLE],
      sha256: this.loadOrCreateAdminToken(auth.adminTokenFile),
    });
  }

  async authenticate(token: string): Promise<Principal | null> {
    const digest = hash('sha256', token, 'buffer');
    // Every configured token is compared, in constant time, whatever matches first.
    let match: StaticToken | undefined;
    for (const candidate of this.tokens) if (timingSafeEqual(candidate.sha256, digest)) match ??= candidate;
    if (match) return { subject: match.subject, roles: match.roles };
    if (!this.jwks || token.split('.').length !== 3) return null;
    const { oidc } = this.config.values.auth;
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: oidc!.issuer,
        audience: oidc!.audience,
        algorithms: JWT_ALGORITHMS,
      });
      if (typeof payload.sub !== 'string' || !payload.sub) return null;
      return { subject: payload.sub, roles: rolesOf(payload, oidc!.rolesClaim) };
    } catch {
      return null;
    }
  }

  /** The hash of the generated admin token; the token itself is printed once and never stored. */
  private loadOrCreateAdminToken(file: string): Buffer {
    try {
      const digest = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
      if (digest.length === 32) {
        ensurePrivateFile(file);
        this.logger.log(
          `Admin token: the one printed at the first start (its hash is in ${file}; delete that file and restart for a new one)`,
        );
        return digest;
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const token = randomBytes(32).toString('base64url');
    const digest = createHash('sha256').update(token).digest();
    ensurePrivateDirectory(dirname(file));
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${digest.toString('hex')}\n`);
    } finally {
      closeSync(fd);
    }
    // Straight to the console, not through the logger: this line is meant to be seen once and copied.
    process.stdout.write(
      `\nNo API_TOKENS or OIDC issuer configured: generated an admin token. It is shown only now:\n\n  ${token}\n\n` +
        `Use it as "Authorization: Bearer ${token}" (Swagger UI: Authorize). Only its hash is kept, in ${file}.\n\n`,
    );
    return digest;
  }
}

function rolesOf(payload: JWTPayload, claim: string): string[] {
  const value = claim
    .split('.')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      payload,
    );
  if (Array.isArray(value)) return value.filter((r): r is string => typeof r === 'string');
  return typeof value === 'string' ? value.split(' ') : [];
}
