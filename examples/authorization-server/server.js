'use strict';

const { default: Provider } = require('oidc-provider');
const adapter = require('@oauth-registry/oidc-provider-adapter');
const { startAuthorizationServer } = require('./authorization-server');
const { readConfig } = require('./config');

async function main() {
  const config = readConfig();
  const server = await startAuthorizationServer(config, { Provider, ...adapter });
  console.log(`Authorization server ${config.issuer} listening on port ${server.port}`);
  console.log(`Discovery: ${config.issuer}/.well-known/openid-configuration`);
  const stop = () => server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
