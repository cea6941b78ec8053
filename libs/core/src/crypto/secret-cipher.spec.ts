import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateKeyFile, SecretCipher } from './secret-cipher';

describe('SecretCipher', () => {
  const sut = new SecretCipher(Buffer.alloc(32, 3));

  it('round-trips a secret and never shows the plaintext', () => {
    const sealed = sut.encrypt('my client secret', 'client-1');
    expect(sealed).not.toContain('my client secret');
    expect(sut.decrypt(sealed, 'client-1')).toBe('my client secret');
  });

  it('uses a fresh IV for every encryption', () => {
    expect(sut.encrypt('same', 'c')).not.toBe(sut.encrypt('same', 'c'));
  });

  it('refuses a ciphertext moved to another owner or tampered with', () => {
    const sealed = sut.encrypt('secret', 'client-1');
    expect(() => sut.decrypt(sealed, 'client-2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => sut.decrypt(parts.join('.'), 'client-1')).toThrow();
  });

  it('refuses another key', () => {
    expect(() => new SecretCipher(Buffer.alloc(32, 4)).decrypt(sut.encrypt('s', 'c'), 'c')).toThrow();
  });
});

describe('loadOrCreateKeyFile', () => {
  it('creates a 0600 key file on first use and reads the same key afterwards', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'key-')), 'nested', 'secret.key');
    const key = loadOrCreateKeyFile(path);
    expect(key).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(path)).toEqual(key);
    expect(readFileSync(path, 'utf8').trim()).toBe(key.toString('base64'));
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
  });

  it('narrows a key file that others may read to 0600', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'key-')), 'secret.key');
    const key = loadOrCreateKeyFile(path);
    chmodSync(path, 0o644);
    expect(loadOrCreateKeyFile(path)).toEqual(key);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
