'use strict';

const { generateKeyPairSync, randomBytes } = require('node:crypto');

/** The TTL a client sets in the registry (seconds), else the provider's default. */
const ttlFrom = (property, fallback) => (_ctx, _token, client) => client?.[property] ?? fallback;

/**
 * An OpenID provider whose clients are the registry's: node-oidc-provider with the registry adapter,
 * client credentials, PKCE as each client's pkce_mode says, token lifetimes from the client, and the
 * provider's development sign-in pages. `Provider` and `RegistryAdapter` are passed in so that this
 * file runs with whichever installation of them the caller has (server.js: this package's).
 */
async function startAuthorizationServer(config, { Provider, RegistryAdapter, REGISTRY_CLIENT_METADATA }) {
  const registry = new RegistryAdapter({
    registryUrl: config.registryUrl,
    token: config.registryToken,
    setupId: config.setupId,
    nats: config.nats,
    pollIntervalMs: config.pollIntervalMs,
    logger: console,
  });
  await registry.start();

  // A signing key of this process only: tokens it signed do not verify after a restart. Load a
  // persistent JWKS in a real deployment.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(config.issuer, {
    adapter: registry.adapter,
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'example', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: config.scopes,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    extraClientMetadata: { properties: REGISTRY_CLIENT_METADATA },
    features: {
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      // Sign-in and consent pages for trying the flow; a real server brings its own (interactions.url).
      devInteractions: { enabled: true },
    },
    // PKCE as the registry says: pkce_mode "allowed" leaves it to the client, anything else requires S256.
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' || client.pkce_mode !== 'allowed' },
    ttl: {
      AccessToken: ttlFrom('access_token_ttl', 3600),
      ClientCredentials: ttlFrom('access_token_ttl', 600),
      IdToken: ttlFrom('id_token_ttl', 3600),
      RefreshToken: ttlFrom('refresh_token_ttl', 14 * 24 * 3600),
    },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  });
  registry.attach(provider);

  const server = provider.listen(config.port);
  await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return {
    port: server.address().port,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await registry.close();
    },
  };
}

module.exports = { startAuthorizationServer };
