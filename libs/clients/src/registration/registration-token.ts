import { createHash, randomBytes } from 'node:crypto';

/** A bearer token of 256 random bits (base64url): registration access tokens and initial access tokens. */
export function newBearerToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of a token: its SHA-256, hex. The token itself is shown once and never kept. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
