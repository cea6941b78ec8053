'use strict';

const { RegistryAdapter } = require('./lib/registry-adapter');
const { createMemoryAdapter } = require('./lib/memory-adapter');
const { REGISTRY_CLIENT_METADATA, toProviderMetadata } = require('./lib/provider-metadata');

module.exports = { RegistryAdapter, createMemoryAdapter, REGISTRY_CLIENT_METADATA, toProviderMetadata };
