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
  const start = take(bytes);
  return pool.toString('hex', start, start + bytes);
}

/** `bytes` random bytes (at most 256) from the same pool, as a Buffer of their own (e.g. an AES-GCM nonce). */
export function randomBytesFromPool(bytes: number): Buffer {
  const start = take(bytes);
  return Buffer.from(pool.subarray(start, start + bytes));
}

function take(bytes: number): number {
  if (bytes > 256) throw new RangeError('random pool: at most 256 bytes at once');
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += bytes;
  return start;
}
