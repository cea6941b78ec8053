'use strict';

/**
 * The peer target of bench/create-client.bench.js: node-oidc-provider's dynamic client registration
 * (RFC 7591, `POST /reg`), with its default in-memory adapter (nothing durable), its own defaults
 * otherwise. Its own package.json and lockfile: never a dependency of the service. The benchmark
 * installs it (`npm ci` here) when node_modules is missing.
 *
 * Environment: PORT, HOST. Answers GET /health/ready itself (a tiny wrapper around the provider's
 * request handler).
 */

const http = require('node:http');

const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 0);

async function main() {
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(`http://${HOST}:${PORT}`, {
    features: { registration: { enabled: true }, devInteractions: { enabled: false } },
    scopes: ['openid', 'offline_access', 'profile', 'accounts:read'],
  });
  // oidc-provider's own logging is off by default; errors go to stderr.
  provider.on('server_error', (_ctx, err) => console.error(`oidc-peer: ${err && err.stack ? err.stack : err}`));
  const handler = provider.callback();
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health/ready') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"status":"ok"}');
    }
    return handler(req, res);
  });
  const shutdown = () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  server.listen(PORT, HOST);
}

main().catch((err) => {
  console.error(`oidc-peer: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
