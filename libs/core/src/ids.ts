import { randomBytes } from 'node:crypto';

export const ID_PATTERN = /^[0-9a-f]{32}$/;

/** 128 random bits as 32 lowercase hex characters: the id format of setups, clients and snapshots. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}
