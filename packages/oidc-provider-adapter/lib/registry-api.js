'use strict';

/**
 * The registry's read model for authorization servers: one client, by OAuth client_id, with its
 * secrets. Answers the configuration document, or null when the registry has no client of that
 * client_id in force (unknown, deleted, not valid yet). Anything else is an error: the adapter
 * refuses clients rather than guess while the registry cannot answer.
 */
class RegistryApi {
  constructor({ registryUrl, token, setupId, module = 'oauthv2', timeoutMs = 5000, fetch = globalThis.fetch }) {
    if (!registryUrl || !token || !setupId) throw new TypeError('registryUrl, token and setupId are required');
    this.base = `${registryUrl.replace(/\/+$/, '')}/v2/modules/${encodeURIComponent(module)}/setups/${encodeURIComponent(setupId)}`;
    this.headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    this.timeoutMs = timeoutMs;
    this.fetch = fetch;
  }

  async clientConfiguration(clientId) {
    const url = `${this.base}/clients/by-client-id/${encodeURIComponent(clientId)}/configuration`;
    const res = await this.fetch(url, { headers: this.headers, signal: AbortSignal.timeout(this.timeoutMs) });
    if (res.status === 200) return res.json();
    const problem = await res.json().catch(() => ({}));
    if (res.status === 404 && (problem.code === 'CLIENT_NOT_FOUND' || problem.code === 'NOT_YET_VALID')) return null;
    // The message names the status and code only: a problem body never carries a secret, but stays out of logs anyway.
    const hint =
      res.status === 401 || res.status === 403 ? ' (the token needs the role nevisMeta.authorizationServer)' : '';
    throw new Error(`oauth-registry answered ${res.status} ${problem.code ?? ''} for a client configuration${hint}`);
  }
}

module.exports = { RegistryApi };
