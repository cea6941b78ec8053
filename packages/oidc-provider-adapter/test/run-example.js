'use strict';

// The example authorization server with this package's source and its oidc-provider (a dev
// dependency): what the repository's end-to-end specs start as a child process.
const { default: Provider } = require('oidc-provider');
const adapter = require('..');
const { startAuthorizationServer } = require('../../../examples/authorization-server/authorization-server');
const { readConfig } = require('../../../examples/authorization-server/config');

startAuthorizationServer(readConfig(), { Provider, ...adapter }).then(
  (server) => {
    process.stdout.write(`listening ${server.port}\n`);
    process.once('SIGTERM', () => server.close().then(() => process.exit(0)));
  },
  (err) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  },
);
