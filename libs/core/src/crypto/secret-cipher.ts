import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDirectory, ensurePrivateFile } from '../database/private-files';
import { randomBytesFromPool } from '../random-pool';

const VERSION = 'v1';

/**
 * AES-256-GCM for secrets at rest. The ciphertext is bound to its owner (`aad`, e.g. the client's
 * internal id), so a value copied onto another row does not decrypt.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
export class SecretCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The secret encryption key must be 32 bytes');
  }

  encrypt(plaintext: string, aad: string): string {
    // A fresh 96-bit nonce from the CSPRNG for every encryption (from the pool: one system call per few hundred).
    const iv = randomBytesFromPool(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  decrypt(sealed: string, aad: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('Unknown secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/**
 * Reads the key file, or creates it with mode 0600 on first start. `wx` makes creation atomic,
 * so two processes starting together cannot each write a different key.
 */
export function loadOrCreateKeyFile(path: string): Buffer {
  try {
    const key = decodeKeyFile(readFileSync(path, 'utf8'), path);
    // A key file written by an older version, or copied in, may be readable by others.
    ensurePrivateFile(path);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  ensurePrivateDirectory(dirname(path));
  const key = randomBytes(32);
  try {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, key.toString('base64') + '\n');
    } finally {
      closeSync(fd);
    }
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return decodeKeyFile(readFileSync(path, 'utf8'), path);
    throw err;
  }
}

function decodeKeyFile(content: string, path: string): Buffer {
  const key = Buffer.from(content.trim(), 'base64');
  if (key.length !== 32) throw new Error(`The key file ${path} does not hold a base64 32-byte key`);
  return key;
}
