import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the CSPRNG at once: one call per 256 ids instead of one per id. */
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

/**
 * `bytes` random bytes (at most 256) as lowercase hex, taken from a pool filled by the operating system's
 * CSPRNG. Every byte is handed out once and the pool is refilled when used up, so the result is
 * as unpredictable as `randomBytes(bytes)`; only the system call is shared (as Node's own
 * `randomUUID` does with its cache).
 */
export function randomHex(bytes: number): string {
  if (bytes > 256) throw new RangeError('randomHex: at most 256 bytes');
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}
