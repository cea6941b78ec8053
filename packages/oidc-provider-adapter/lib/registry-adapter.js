'use strict';

const { ClientCache } = require('./client-cache');
const { createMemoryAdapter } = require('./memory-adapter');
const { PROVIDER_GRANT_TYPES } = require('./provider-metadata');
const { RegistryApi } = require('./registry-api');
const { followRegistryEvents } = require('./registry-events');

const silent = { warn() {}, error() {} };

/**
 * oidc-provider storage whose Client model is the oauth-registry. Pass `adapter` to the Provider,
 * call `attach(provider)` (accepts rotated-out secrets during their grace period) and `start()`
 * before serving; `close()` at shutdown.
 *
 * Freshness: with `nats`, the registry's events drop a changed client at once, and entries are kept
 * at most `maxAgeMs` (default 60 s) besides; without `nats` (or while NATS is unreachable), every
 * client in use is read again every `pollIntervalMs` (default 500 ms). Either way an edit, a
 * rotation, a deletion or a scheduled activation reaches the provider within a second.
 */
class RegistryAdapter {
  constructor(options) {
    const {
      registryUrl,
      token,
      setupId,
      module = 'oauthv2',
      nats,
      pollIntervalMs = 500,
      maxAgeMs = 60_000,
      adapter,
      grantTypes = PROVIDER_GRANT_TYPES,
      logger = silent,
      fetch,
      timeoutMs,
    } = options ?? {};
    this.options = { setupId, module, nats, pollIntervalMs, logger };
    this.api = new RegistryApi({ registryUrl, token, setupId, module, fetch, timeoutMs });
    this.eventsHealthy = false;
    this.cache = new ClientCache(this.api, {
      // While events flow, they keep entries fresh; otherwise the poller does, and an entry it has not
      // refreshed within two rounds is read again on use.
      ttlMs: () => (this.eventsHealthy ? maxAgeMs : 2 * pollIntervalMs),
      grantTypes,
      logger,
    });
    const Fallback = adapter ?? createMemoryAdapter();
    const clients = new RegistryClientStore(this.cache);
    /** The adapter to give the Provider (`new Provider(issuer, { adapter: registry.adapter })`). */
    this.adapter = (model) =>
      model === 'Client' ? clients : Fallback.prototype ? new Fallback(model) : Fallback(model);
  }

  /** Follows the registry's events (with `nats`) and starts the poller that stands in while they do not flow. */
  async start() {
    const { nats, module, setupId, logger, pollIntervalMs } = this.options;
    if (nats) {
      this.events = await followRegistryEvents({
        servers: nats.servers,
        stream: nats.stream ?? 'OAUTH_REGISTRY',
        subjectPrefix: nats.subjectPrefix ?? 'oauth-registry',
        module,
        setupId,
        onEvent: (event) => this.cache.invalidate(event),
        onHealth: (healthy) => {
          this.eventsHealthy = healthy;
          // What was read before the outage may have changed during it.
          if (healthy) this.cache.clear();
          logger.warn(
            `oauth-registry: NATS ${healthy ? 'is back: events' : 'is unreachable: polling'} keep clients fresh`,
          );
        },
        logger,
      });
      this.eventsHealthy = true;
    }
    this.poller = setInterval(() => {
      if (this.eventsHealthy || this.polling) return;
      this.polling = this.cache.refreshAll().finally(() => (this.polling = null));
    }, pollIntervalMs);
    this.poller.unref();
    return this;
  }

  /** Makes the provider accept a rotated-out client secret (client_secret_basic, client_secret_post) until its grace ends. */
  attach(provider) {
    const { Client } = provider;
    const compare = Client.prototype.compareClientSecret;
    const cache = this.cache;
    Client.prototype.compareClientSecret = async function compareClientSecret(actual) {
      if (await compare.call(this, actual)) return true;
      return cache.matchesPreviousSecret(this.clientId, actual);
    };
    return provider;
  }

  async close() {
    clearInterval(this.poller);
    await this.polling;
    await this.events?.close();
  }
}

/** The Client model: read from the registry; the provider may not register, change or delete clients itself. */
class RegistryClientStore {
  constructor(cache) {
    this.cache = cache;
  }

  find(clientId) {
    return this.cache.find(clientId);
  }

  async upsert() {
    throw new Error('Clients are managed in the oauth-registry; disable dynamic registration in the provider');
  }

  async destroy() {
    throw new Error('Clients are managed in the oauth-registry');
  }

  async findByUid() {
    return undefined;
  }

  async findByUserCode() {
    return undefined;
  }

  async consume() {}

  async revokeByGrantId() {}
}

module.exports = { RegistryAdapter };
