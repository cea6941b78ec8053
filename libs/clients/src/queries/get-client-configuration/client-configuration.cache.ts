import { Injectable } from '@nestjs/common';
import type { ClientConfigurationBody } from './client-configuration';

/**
 * How long an answer may be served from memory at most: a safety net while changes are seen (own
 * events; on PostgreSQL also the change feed of the other instances), one second while the feed of
 * other instances cannot be read, which bounds what their changes leave stale.
 */
export const CONFIGURATION_MAX_AGE_MS = 60_000;
const BLIND_MAX_AGE_MS = 1000;
const MAX_ENTRIES = 10_000;

/** What the lookup found; secrets stay sealed in memory and are opened per answer. */
export type CachedLookup =
  | {
      found: true;
      body: ClientConfigurationBody;
      secretEnc: string | null;
      previous: { secretEnc: string; expiresAt: Date } | null;
    }
  | { found: false; error: Error };

interface Entry {
  value: CachedLookup;
  /** Epoch ms (of the registry's clock) after which the entry is not served. */
  expiresAt: number;
  entityId: string | null;
}

/**
 * The answers of GetClientConfigurationQuery, per setup and OAuth client_id. An entry expires at the
 * next instant that changes the answer (a scheduled snapshot of the client or of its setup becoming
 * valid, a previous secret's grace ending) and after CONFIGURATION_MAX_AGE_MS; the registry's own
 * events drop it at once. A generation counter keeps a lookup that raced with a change from storing
 * what it read before the change.
 */
@Injectable()
export class ClientConfigurationCache {
  private readonly entries = new Map<string, Entry>();
  private readonly keysByEntity = new Map<string, string>();
  private generationCounter = 0;
  /** False on PostgreSQL until the change feed of other instances has been read (and while it cannot be). */
  changeFeed = true;

  /** How long an answer read now may be kept. */
  get maxAgeMs(): number {
    return this.changeFeed ? CONFIGURATION_MAX_AGE_MS : BLIND_MAX_AGE_MS;
  }

  get generation(): number {
    return this.generationCounter;
  }

  get(setupId: string, oauthClientId: string, now: Date): CachedLookup | undefined {
    const key = keyOf(setupId, oauthClientId);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > now.getTime()) return entry.value;
    this.delete(key);
    return undefined;
  }

  /** Stores a lookup that started at `generation`, unless something changed since. */
  set(
    setupId: string,
    oauthClientId: string,
    value: CachedLookup,
    expiresAt: number,
    generation: number,
    entityId: string | null,
  ): void {
    if (generation !== this.generationCounter) return;
    const key = keyOf(setupId, oauthClientId);
    this.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt, entityId });
    if (entityId) this.keysByEntity.set(entityId, key);
  }

  forClient(setupId: string, clientId: string, oauthClientId?: string): void {
    this.generationCounter += 1;
    const key = this.keysByEntity.get(clientId);
    if (key) this.delete(key);
    if (oauthClientId !== undefined) this.delete(keyOf(setupId, oauthClientId));
  }

  forSetup(setupId: string): void {
    this.generationCounter += 1;
    const prefix = keyOf(setupId, '');
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.delete(key);
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (entry.entityId && this.keysByEntity.get(entry.entityId) === key) this.keysByEntity.delete(entry.entityId);
  }
}

function keyOf(setupId: string, oauthClientId: string): string {
  return `${setupId}\u0000${oauthClientId}`;
}
