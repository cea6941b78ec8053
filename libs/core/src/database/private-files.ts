import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * The directory of the embedded database and key files: created with mode 0700, and narrowed to it
 * if it already exists with wider permissions and belongs to this user. A shared directory (sticky,
 * like /tmp) or someone else's is left as it is.
 */
export function ensurePrivateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = statSync(dir);
  const sticky = (stat.mode & 0o1000) !== 0;
  const ours = typeof process.getuid !== 'function' || stat.uid === process.getuid();
  if ((stat.mode & 0o077) !== 0 && !sticky && ours) chmodSync(dir, 0o700);
}

/**
 * A file only this user may read and write (0600): created so if missing, narrowed if it exists.
 * SQLite creates its -wal and -shm files with the mode of the database file, so they follow.
 */
export function ensurePrivateFile(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
}

/** The database file and, if present, its WAL and shared-memory files. */
export function ensurePrivateSqliteFiles(path: string): void {
  ensurePrivateFile(path);
  for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) ensurePrivateFile(path + suffix);
}
