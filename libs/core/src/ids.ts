import { randomHex } from './random-pool';

export const ID_PATTERN = /^[0-9a-f]{32}$/;

/** 128 random bits as 32 lowercase hex characters: the id format of setups, clients and snapshots. */
export function newId(): string {
  return randomHex(16);
}

/**
 * An id of the same format whose first 12 hex characters are the current epoch milliseconds and the
 * other 80 bits random: for event ids, which are the key of the audit trail. Ids made one after another
 * land next to each other in its index, so an activation batch's thousand entries touch a few index
 * pages instead of a thousand random ones (SQLite commits them all; PostgreSQL logs each first touch).
 * Still unique (80 random bits per millisecond) and unguessable; the instant it reveals is when
 * the event was made, which its occurredAt tells every consumer anyway. Never use it for ids that must not reveal when they were made.
 */
export function newTimeOrderedId(now = Date.now()): string {
  return now.toString(16).padStart(12, '0').slice(-12) + randomHex(10);
}

export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}
