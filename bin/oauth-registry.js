#!/usr/bin/env node
'use strict';
// oauth-registry export|plan|apply: a thin client of the registry's HTTP API for keeping a setup in Git.
// Base URL and token come from OAUTH_REGISTRY_URL and OAUTH_REGISTRY_TOKEN. Exit codes (plan, like
// Terraform's -detailed-exitcode): 0 no changes, 2 changes, 1 error.

const fs = require('node:fs');
const { parse } = require('yaml');
const { renderChanges, renderProblem, useColour } = require('./render-plan');

const USAGE = `Usage: oauth-registry <export|plan|apply> --setup <setupId> [options]

  export  [--valid-at <instant>] [--format yaml|json] [--out <file>]
  plan    --file <document.yaml|json|-> [--valid-from <instant>] [--prune]
  apply   --file <document.yaml|json|-> [--valid-from <instant>] [--prune] [--plan-hash <hash>]

Environment: OAUTH_REGISTRY_URL (e.g. https://registry.example.com, with the API prefix if any),
OAUTH_REGISTRY_TOKEN (an administrator's bearer token), OAUTH_REGISTRY_SETUP (default --setup),
OAUTH_REGISTRY_MODULE (default oauthv2). In a document, client_secret: "\${env:NAME}" is replaced by
the variable NAME. plan exits 0 without changes, 2 with changes, 1 on error.`;

class CliError extends Error {}

function parseArgs(argv) {
  const [command, ...rest] = argv[0]?.startsWith('--') ? [undefined, ...argv] : argv;
  const flags = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) throw new CliError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s);
    if (['prune', 'no-color', 'help'].includes(name)) flags[name] = true;
    else if (inline !== undefined) flags[name] = inline;
    else if (i + 1 < rest.length) flags[name] = rest[++i];
    else throw new CliError(`--${name} needs a value`);
  }
  return { command, flags };
}

function settings(flags) {
  const url = process.env.OAUTH_REGISTRY_URL;
  const token = process.env.OAUTH_REGISTRY_TOKEN;
  const setup = flags.setup || process.env.OAUTH_REGISTRY_SETUP;
  if (!url) throw new CliError('OAUTH_REGISTRY_URL is not set');
  if (!token) throw new CliError('OAUTH_REGISTRY_TOKEN is not set');
  if (!setup) throw new CliError('--setup (or OAUTH_REGISTRY_SETUP) is required');
  const module = process.env.OAUTH_REGISTRY_MODULE || 'oauthv2';
  const base = `${url.replace(/\/+$/, '')}/v2/modules/${encodeURIComponent(module)}/setups/${encodeURIComponent(setup)}`;
  return { base, token };
}

async function call(config, method, path, { body, accept = 'application/json' } = {}) {
  let response;
  try {
    response = await fetch(`${config.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${config.token}`,
        accept,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (err) {
    throw new CliError(`cannot reach ${config.base}: ${err.cause?.message || err.message}`);
  }
  const text = await response.text();
  if (response.ok)
    return { status: response.status, text, json: accept === 'application/json' ? JSON.parse(text) : null };
  let problem;
  try {
    problem = JSON.parse(text);
  } catch {
    problem = { status: response.status, detail: text.slice(0, 500) };
  }
  const error = new CliError(problem.detail || `HTTP ${response.status}`);
  error.problem = problem;
  throw error;
}

/** Reads a YAML or JSON document and resolves the ${env:NAME} secret references. */
function readDocument(flags) {
  if (!flags.file) throw new CliError('--file is required (a YAML or JSON document, or - for standard input)');
  const text = flags.file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(flags.file, 'utf8');
  let document;
  try {
    document = parse(text);
  } catch (err) {
    throw new CliError(`${flags.file} is not valid YAML or JSON: ${err.message}`);
  }
  if (!document || typeof document !== 'object') throw new CliError(`${flags.file} does not hold a document`);
  for (const client of Array.isArray(document.clients) ? document.clients : []) {
    const match = typeof client?.client_secret === 'string' && /^\$\{env:([^}]+)\}$/.exec(client.client_secret);
    if (!match) continue;
    const value = process.env[match[1]];
    if (value === undefined) throw new CliError(`client ${client.client_id}: the variable ${match[1]} is not set`);
    client.client_secret = value;
  }
  if (flags.prune) document.prune = true;
  return document;
}

async function plan(config, flags) {
  const document = readDocument(flags);
  const body = { ...document, ...(flags['valid-from'] ? { valid_from: flags['valid-from'] } : {}) };
  return { document, outcome: (await call(config, 'POST', '/plan', { body })).json };
}

async function main(argv) {
  const { command, flags } = parseArgs(argv);
  if (flags.help || !command || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!['export', 'plan', 'apply'].includes(command)) throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
  const config = settings(flags);
  const colour = useColour(process.stdout, flags);

  if (command === 'export') {
    const query = flags['valid-at'] ? `?validAt=${encodeURIComponent(flags['valid-at'])}` : '';
    const yaml = (flags.format || 'yaml') === 'yaml';
    const { text, json } = await call(config, 'GET', `/export${query}`, {
      accept: yaml ? 'application/yaml' : 'application/json',
    });
    const out = yaml ? text : `${JSON.stringify(json, null, 2)}\n`;
    if (flags.out) fs.writeFileSync(flags.out, out);
    else process.stdout.write(out);
    return 0;
  }

  if (command === 'plan') {
    const { outcome } = await plan(config, flags);
    process.stdout.write(`${renderChanges(outcome, colour)}\n`);
    return outcome.changes.length ? 2 : 0;
  }

  // apply: the reviewed plan's hash, or a fresh plan of the same document.
  const { document, outcome: planned } = await plan(config, flags);
  const planHash = flags['plan-hash'] || planned.plan_hash;
  const body = { document, plan_hash: planHash, ...(flags['valid-from'] ? { valid_from: flags['valid-from'] } : {}) };
  const applied = (await call(config, 'POST', '/apply', { body })).json;
  process.stdout.write(`${renderChanges(applied, colour).replace(/^No changes\..*$/m, 'No changes applied.')}\n`);
  for (const [clientId, secret] of Object.entries(applied.client_secrets || {})) {
    // Shown once; the registry never returns it again.
    process.stderr.write(`client_secret of new client ${clientId}: ${secret}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    const colour = useColour(process.stderr, {});
    if (err.problem) process.stderr.write(`${renderProblem(err.problem, colour)}\n`);
    else process.stderr.write(`oauth-registry: ${err instanceof CliError ? err.message : err.stack}\n`);
    process.exitCode = 1;
  },
);
