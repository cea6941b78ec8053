'use strict';

/** The environment, read once; every missing or bad variable is reported at once. */
function readConfig(env = process.env) {
  const errors = [];
  const required = (name) => {
    const value = env[name]?.trim();
    if (!value) errors.push(`${name} is required`);
    return value;
  };
  const port = Number(env.PORT ?? 3001);
  if (!Number.isInteger(port) || port < 0 || port > 65535) errors.push('PORT must be a port number');
  const registryUrl = required('REGISTRY_URL');
  if (registryUrl && !/^https?:\/\//.test(registryUrl)) errors.push('REGISTRY_URL must be an http(s) URL');
  const config = {
    port,
    issuer: env.ISSUER?.trim() || `http://localhost:${port}`,
    registryUrl,
    registryToken: required('REGISTRY_TOKEN'),
    setupId: required('REGISTRY_SETUP_ID'),
    scopes: (env.SCOPES ?? 'openid offline_access profile email').split(/[\s,]+/).filter(Boolean),
    nats: env.NATS_URL?.trim()
      ? {
          servers: env.NATS_URL.split(',').map((s) => s.trim()),
          stream: env.NATS_STREAM?.trim() || 'OAUTH_REGISTRY',
          subjectPrefix: env.NATS_SUBJECT_PREFIX?.trim() || 'oauth-registry',
        }
      : undefined,
    pollIntervalMs: Number(env.REGISTRY_POLL_INTERVAL_MS ?? 500),
  };
  if (!(config.pollIntervalMs >= 50)) errors.push('REGISTRY_POLL_INTERVAL_MS must be at least 50');
  if (errors.length) {
    throw new Error(`Invalid configuration:\n  ${errors.join('\n  ')}`);
  }
  return config;
}

module.exports = { readConfig };
