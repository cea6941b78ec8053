'use strict';

const { createHash, timingSafeEqual } = require('node:crypto');
const { toProviderMetadata } = require('./provider-metadata');

/**
 * How long after a registry event an answer may still be the one from before it: the registry's own
 * cache serves an answer at most a second after a change made on another of its instances.
 */
const REGISTRY_MAX_AGE_MS = 1100;

/**
 * The clients the provider asked for, by client_id, as oidc-provider metadata. Entries live until an
 * event drops them (`invalidate`) or `ttlMs()` passes; `refreshAll` re-reads every entry in use (the
 * polling fallback). Concurrent lookups of one client share one request; a lookup that raced with an
 * event is answered but not kept.
 */
class ClientCache {
  constructor(api, { ttlMs, idleMs = 300_000, grantTypes, logger }) {
    this.api = api;
    this.ttlMs = ttlMs;
    this.idleMs = idleMs;
    this.grantTypes = grantTypes;
    this.logger = logger;
    this.entries = new Map();
    this.inflight = new Map();
    this.generation = 0;
    this.lastEventAt = -Infinity;
  }

  async find(clientId) {
    const entry = this.entries.get(clientId);
    const now = Date.now();
    if (entry && entry.expiresAt > now) {
      entry.lastUsed = now;
      return entry.metadata ?? undefined;
    }
    return (await this.load(clientId))?.metadata ?? undefined;
  }

  load(clientId) {
    let pending = this.inflight.get(clientId);
    if (!pending) {
      pending = this.fetch(clientId).finally(() => this.inflight.delete(clientId));
      this.inflight.set(clientId, pending);
    }
    return pending;
  }

  async fetch(clientId) {
    const generation = this.generation;
    const configuration = await this.api.clientConfiguration(clientId);
    const now = Date.now();
    const entry = {
      metadata: configuration ? toProviderMetadata(configuration, this.grantTypes) : null,
      previous: (configuration?.previous_client_secrets ?? []).map((p) => ({
        digest: digest(p.client_secret),
        expiresAt: Date.parse(p.expires_at),
      })),
      entityId: configuration?.registry?.entity_id ?? null,
      lastUsed: now,
      expiresAt: now + this.ttlMs(),
    };
    // A scheduled change (or the end of a grace period) is read when it takes effect, events or not.
    const changes = [
      configuration?.registry?.next_change_at,
      ...(configuration?.previous_client_secrets ?? []).map((p) => p.expires_at),
    ]
      .filter(Boolean)
      .map((at) => Date.parse(at));
    if (changes.length) entry.expiresAt = Math.min(entry.expiresAt, ...changes);
    if (now < this.lastEventAt + REGISTRY_MAX_AGE_MS)
      entry.expiresAt = Math.min(entry.expiresAt, this.lastEventAt + REGISTRY_MAX_AGE_MS);
    if (generation === this.generation) this.entries.set(clientId, entry);
    return entry;
  }

  /** Whether `secret` is a rotated-out secret of the client that is still inside its grace period. */
  matchesPreviousSecret(clientId, secret) {
    const entry = this.entries.get(clientId);
    if (!entry || typeof secret !== 'string') return false;
    const candidate = digest(secret);
    const now = Date.now();
    let matches = false;
    for (const p of entry.previous) if (p.expiresAt > now && timingSafeEqual(p.digest, candidate)) matches = true;
    return matches;
  }

  /**
   * A registry event: a client's entry goes (by its internal id, or its client_id when the event
   * names it); a setup event drops every client, since clients inherit the setup's defaults.
   */
  invalidate(event) {
    this.generation += 1;
    this.lastEventAt = Date.now();
    if (event.entityType === 'setup') return this.clear();
    if (event.entityType !== 'client') return;
    const clientId = event.details?.client_id;
    if (clientId !== undefined) this.entries.delete(clientId);
    for (const [key, entry] of this.entries) if (entry.entityId === event.entityId) this.entries.delete(key);
  }

  clear() {
    this.generation += 1;
    this.entries.clear();
  }

  /** Polling: reads every client in use again (those unused for `idleMs` are forgotten instead). */
  async refreshAll() {
    const now = Date.now();
    const keys = [];
    for (const [key, entry] of this.entries) {
      if (entry.lastUsed < now - this.idleMs) this.entries.delete(key);
      else keys.push(key);
    }
    for (let i = 0; i < keys.length; i += 16) {
      await Promise.all(
        keys.slice(i, i + 16).map((key) =>
          this.load(key).catch((err) => {
            // The registry cannot answer: refuse the client until it can, rather than serve what may be revoked.
            this.entries.delete(key);
            this.logger.warn(`oauth-registry: could not refresh a client: ${err.message}`);
          }),
        ),
      );
    }
  }
}

function digest(secret) {
  return createHash('sha256').update(secret).digest();
}

module.exports = { ClientCache };
