import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { PROBLEMS_EXTENSION, ProblemDto } from '../http/api-problems';
import type { ProblemCode } from '../http/problem';
import { PROBLEM_STATUS } from '../http/problem-details.filter';
import { SUPPORTED_MODULES } from '../http/module.guard';
import { problemExample } from './problem-examples';

/** Marks an operation whose bearer token is optional (GET /metrics: only with METRICS_TOKEN). */
export const OPTIONAL_AUTH_EXTENSION = 'x-optional-auth';

/** No example: Swagger UI would pre-fill it, and a newcomer would run the operation on an id that does not exist. */
const ID = { type: 'string', pattern: '^[0-9a-f]{32}$' };

/** Every path parameter of the API, declared once. */
const PATH_PARAMETERS: Record<string, Omit<ParameterObject, 'name' | 'in'>> = {
  module: {
    description: 'The protocol family; oauthv2 is the only one.',
    schema: { type: 'string', enum: SUPPORTED_MODULES, default: SUPPORTED_MODULES[0] },
  },
  setupId: { description: 'The setup (32 hex characters, from the answer of POST .../setups).', schema: ID },
  clientId: {
    description:
      'The internal id of the client (32 hex characters, from the answer of POST .../clients): not the OAuth client_id.',
    schema: ID,
  },
  resourceServerId: {
    description: 'The resource server (32 hex characters).',
    schema: ID,
  },
  snapshotId: {
    description: 'A snapshot of the entity (32 hex characters, from .../snapshots).',
    schema: ID,
  },
  entityId: { description: 'The client or resource server (32 hex characters).', schema: ID },
  tokenId: { description: 'An initial access token of the setup (its id, from the list).', schema: ID },
  oauthClientId: {
    description: 'The OAuth client_id (what the authorization server sees).',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  },
};

const HEADERS = {
  'X-Request-Id': {
    description: "The request's id (the caller's X-Request-Id when acceptable); request_id in problems.",
    schema: { type: 'string' },
  },
  'WWW-Authenticate': {
    description: 'RFC 6750: Bearer realm="oauth-registry", with error="invalid_token" when a token was refused.',
    schema: { type: 'string', example: 'Bearer realm="oauth-registry", error="invalid_token"' },
  },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', example: 5 } },
};

const REASONS: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Unavailable',
};

type Entry = { code: ProblemCode; note?: string };
type Operation = OperationObject & { [PROBLEMS_EXTENSION]?: Entry[]; [OPTIONAL_AUTH_EXTENSION]?: boolean };

/**
 * What every operation of a kind has in common, added in one pass so that none can be forgotten:
 * the path parameters, `security: []` on public routes, and the problems each kind of route can
 * answer (401 and 403 when authenticated, 429 and 503 on the API, 404 MODULE_NOT_FOUND under a
 * module, 400/413/415 with a body), one response per status with every code a named example.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    headers: { ...document.components?.headers, ...HEADERS },
  };
  const problem = document.components.schemas?.[ProblemDto.name];
  if (problem && !('$ref' in problem)) problem.additionalProperties = true;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      declarePathParameters(path, operation);
      const codes = [...(operation[PROBLEMS_EXTENSION] ?? []), ...commonProblems(path, operation)];
      delete operation[PROBLEMS_EXTENSION];
      addProblems(operation, codes);
      for (const response of Object.values(operation.responses)) {
        const r = response as ResponseObject;
        r.headers = { ...r.headers, 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } };
      }
    }
  }
  return document;
}

/** The order in which the page shows query parameters: filters, then options, then paging. */
const QUERY_ORDER = ['name', 'owner', 'client_id', 'entityId', 'actor', 'since', 'until', 'metadata', 'validAt'];
const rank = (p: ParameterObject) => {
  const i = QUERY_ORDER.indexOf(p.name);
  if (p.in !== 'query') return -1;
  return i >= 0 ? i : p.name === 'limit' ? 98 : p.name === 'cursor' ? 99 : 50;
};

function declarePathParameters(path: string, operation: Operation): void {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const others = (operation.parameters ?? [])
    .filter((p): p is ParameterObject => 'in' in p && p.in !== 'path')
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  operation.parameters = [
    ...names.map((name) => {
      const declared = PATH_PARAMETERS[name];
      if (!declared) throw new Error(`No OpenAPI declaration for the path parameter {${name}} of ${path}`);
      return { name, in: 'path' as const, required: true, ...declared };
    }),
    ...others,
  ];
}

function commonProblems(path: string, operation: Operation): Entry[] {
  const optional = operation[OPTIONAL_AUTH_EXTENSION] === true;
  delete operation[OPTIONAL_AUTH_EXTENSION];
  const authenticated = (operation.security ?? []).some((s) => 'bearer' in s);
  if (optional) {
    operation.security = [{}, { bearer: [] }];
    return [{ code: 'UNAUTHENTICATED', note: 'METRICS_TOKEN is configured and the request does not carry it' }];
  }
  if (!authenticated) {
    operation.security = [];
    return [];
  }
  const entries: Entry[] = [
    { code: 'UNAUTHENTICATED' },
    { code: 'FORBIDDEN' },
    { code: 'INVALID_REQUEST', note: 'an unknown or invalid query parameter' },
    { code: 'TOO_MANY_REQUESTS' },
    { code: 'DATABASE_UNAVAILABLE' },
  ];
  if (path.includes('{module}')) entries.push({ code: 'MODULE_NOT_FOUND' });
  if (operation.requestBody)
    entries.push({ code: 'MALFORMED_REQUEST' }, { code: 'PAYLOAD_TOO_LARGE' }, { code: 'UNSUPPORTED_MEDIA_TYPE' });
  return entries;
}

function addProblems(operation: Operation, entries: Entry[]): void {
  const byStatus = new Map<number, Entry[]>();
  for (const entry of entries) {
    const status = PROBLEM_STATUS[entry.code];
    const list = byStatus.get(status) ?? [];
    if (!list.some((e) => e.code === entry.code)) list.push(entry);
    byStatus.set(status, list);
  }
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const existing = operation.responses[status] as ResponseObject | undefined;
    const notes = list.map((e) => `${e.code}${e.note ? ` (${e.note})` : ''}`).join(', ');
    operation.responses[status] = {
      ...existing,
      description: existing?.description
        ? `${existing.description}. Problems: ${notes}`
        : `${REASONS[status]}: ${notes}`,
      headers: {
        ...existing?.headers,
        ...(status === 401 ? { 'WWW-Authenticate': { $ref: '#/components/headers/WWW-Authenticate' } } : {}),
        ...(status === 429 || status === 503 ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' } } : {}),
      },
      content: {
        ...existing?.content,
        'application/problem+json': {
          schema: { $ref: `#/components/schemas/${ProblemDto.name}` },
          examples: Object.fromEntries(list.map((e) => [e.code, problemExample(e.code)])),
        },
      },
    };
  }
  operation.responses = Object.fromEntries(Object.entries(operation.responses).sort(([a], [b]) => a.localeCompare(b)));
}
