import type { ProblemCode } from '../http/problem';
import { problemTitle, problemType } from '../http/problem';
import { PROBLEM_STATUS } from '../http/problem-details.filter';

const SETUP = '3b9e2f4a6c8d0e1f2a3b4c5d6e7f8091';
const CLIENT = '9f0c3a7e5b1d4c2a8e6f0b3d5a7c9e1f';
const SNAPSHOT = '5d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a';
const CLIENTS_PATH = `/v2/modules/oauthv2/setups/${SETUP}/clients`;

interface Sample {
  summary: string;
  detail: string;
  instance?: string;
  extra?: Record<string, unknown>;
}

/**
 * What each code looks like, as the service answers it. Keyed by the code union, so a new code
 * without an example does not compile; the statuses come from the one mapping (PROBLEM_STATUS).
 */
const SAMPLES: Record<ProblemCode, Sample> = {
  INVALID_CLIENT_METADATA: {
    summary: 'A client body breaks a rule: every broken field, as a JSON pointer',
    detail: 'The request body is invalid; see errors for every field to fix.',
    instance: CLIENTS_PATH,
    extra: {
      errors: [
        { path: '/redirect_uris/0', message: 'redirect URI must not contain a fragment (#)' },
        { path: '/access_token_ttl', message: 'access_token_ttl must not be greater than 315360000' },
      ],
      error: 'invalid_redirect_uri',
      error_description:
        '/redirect_uris/0: redirect URI must not contain a fragment (#); /access_token_ttl: access_token_ttl must not be greater than 315360000',
    },
  },
  INVALID_REQUEST: {
    summary: 'Another body, or a query parameter, is invalid or unknown',
    detail: 'The query parameters are invalid; see errors.',
    instance: CLIENTS_PATH,
    extra: { errors: [{ path: '/limit', message: 'limit must be an integer from 1 to 1000' }] },
  },
  MALFORMED_REQUEST: {
    summary: 'The body is not valid JSON',
    detail: 'The request body is not valid JSON: Unexpected end of JSON input',
  },
  UNAUTHENTICATED: {
    summary: 'No bearer token, or one that is invalid or expired',
    detail: 'This endpoint needs a bearer token (Authorization: Bearer <token>).',
  },
  FORBIDDEN: {
    summary: 'The token lacks the role, or the client belongs to someone else',
    detail: 'Only nevisMeta.admin may do this.',
  },
  SNAPSHOT_NOT_DELETABLE: {
    summary: 'Only scheduled snapshots can be deleted',
    detail: `Snapshot ${SNAPSHOT} is active; only scheduled snapshots can be deleted.`,
  },
  MODULE_NOT_FOUND: {
    summary: 'The module is not oauthv2',
    detail: 'No module "oauthv3"; the supported module is oauthv2.',
    instance: `/v2/modules/oauthv3/setups`,
  },
  SETUP_NOT_FOUND: { summary: 'No such setup', detail: `No setup ${SETUP}.` },
  CLIENT_NOT_FOUND: { summary: 'No such client in this setup', detail: `No client ${CLIENT} in setup ${SETUP}.` },
  RESOURCE_SERVER_NOT_FOUND: {
    summary: 'No such resource server in this setup',
    detail: `No resource server 7c1e9a4b2d3f405e8a6b7c8d9e0f1a2b in setup ${SETUP}.`,
  },
  NOT_YET_VALID: {
    summary: 'It exists, but its first configuration is scheduled',
    detail: 'The client has no active configuration yet; it becomes valid at 2026-12-01T08:00:00.000Z.',
    extra: { valid_from: '2026-12-01T08:00:00.000Z' },
  },
  SNAPSHOT_NOT_FOUND: { summary: 'No such snapshot of this entity', detail: `No snapshot ${SNAPSHOT}.` },
  INITIAL_ACCESS_TOKEN_NOT_FOUND: {
    summary: 'No such initial access token in this setup',
    detail: 'No initial access token with id "6a0f2c9e4b7d41e3a5c8f1b2d3e4f5a6" in this setup.',
  },
  NOT_FOUND: { summary: 'No such route', detail: 'No such resource.' },
  METHOD_NOT_ALLOWED: { summary: 'The route does not take this method', detail: 'Method not allowed.' },
  CLIENT_ID_TAKEN: {
    summary: 'The OAuth client_id is already used in the setup',
    detail: 'The client_id "online-banking-web" is already used by another client of this setup.',
  },
  SNAPSHOT_CONFLICT: {
    summary: 'A snapshot already exists at that valid_from',
    detail: 'The client already has a snapshot valid from 2026-12-01T08:00:00.000Z.',
  },
  SCOPE_NAME_TAKEN: {
    summary: 'Another resource server of the setup declares that scope at the same time',
    detail:
      'Scope names are unique within a setup: "accounts:read" would be declared by more than one resource server.',
    extra: {
      scopes: [
        {
          scope: 'accounts:read',
          resourceServerIds: ['7c1e9a4b2d3f405e8a6b7c8d9e0f1a2b', '8d2f0b5c3e4a516f9b7c8d9e0f1a2b3c'],
          from: '2026-11-30T08:00:00.000Z',
        },
      ],
    },
  },
  SCOPE_IN_USE: {
    summary: 'Clients use a scope the change would leave undeclared (?force=true overrides)',
    detail:
      '1 client(s) use "accounts:write", which this change would leave undeclared; change those clients first, or repeat the request with ?force=true.',
    extra: {
      scopes: ['accounts:write'],
      clients: [
        {
          clientId: CLIENT,
          client_id: 'online-banking-web',
          scopes: ['accounts:write'],
          from: '2026-11-30T08:00:00.000Z',
        },
      ],
      clients_total: 1,
    },
  },
  SCOPE_NOT_DECLARED: {
    summary: "Cancelling the change would leave the client's previous snapshot with an undeclared scope",
    detail: `Without this scheduled change, snapshot ${SNAPSHOT} would stay in force while it asks for "accounts:write", which no resource server declares from 2026-12-01T08:00:00.000Z; schedule a replacement first.`,
    extra: { scopes: ['accounts:write'] },
  },
  CONSENT_NOT_FOUND: {
    summary: 'No persisted consent of this user for this client',
    detail: '"alice" has no persisted consent for this client.',
  },
  PRECONDITION_FAILED: {
    summary: 'If-Match does not match the current ETag',
    detail: 'If-Match does not match the current ETag; read the resource again and retry.',
  },
  BODY_TOO_COMPLEX: {
    summary: 'The body is deeper, longer or wider than a limit (checked before anything else)',
    detail: 'The request body is too complex: an array of more than 1000 items.',
    instance: CLIENTS_PATH,
    extra: {
      limit: 'arrayItems',
      max: 1000,
      errors: [{ path: '/redirect_uris', message: 'an array of more than 1000 items' }],
    },
  },
  CLIENT_DEFAULTS_IN_USE: {
    summary: 'Clients inheriting the new client_defaults would break a rule (?force=true overrides)',
    detail:
      '1 client snapshot(s) inherit client_defaults and would break a rule with the new ones; give those clients their own values first, or repeat the request with ?force=true.',
    extra: {
      clients: [
        {
          clientId: CLIENT,
          client_id: 'online-banking-web',
          snapshotId: SNAPSHOT,
          valid_from: '2026-11-30T08:00:00.000Z',
          errors: [{ path: '/redirect_uris', message: 'redirect_uris is required for authorization_code' }],
        },
      ],
      clients_total: 1,
    },
  },
  PRECONDITION_REQUIRED: {
    summary: 'A secret rotation without If-Match',
    detail: 'Send If-Match with the ETag of the client (from GET, or from the previous rotation) to rotate its secret.',
  },
  REQUEST_TIMEOUT: {
    summary: 'The request was not received within REQUEST_TIMEOUT_MS',
    detail: 'The request was not received in time.',
  },
  URI_TOO_LONG: { summary: 'A URL or a path segment over the limit', detail: 'A path segment of the URL is too long.' },
  HEADERS_TOO_LARGE: {
    summary: 'Request line and headers over 16 KiB',
    detail: 'The request line and headers are larger than 16 KiB.',
  },
  PAYLOAD_TOO_LARGE: { summary: 'Body over 1 MiB', detail: 'The request body is larger than the limit of 1 MiB.' },
  UNSUPPORTED_MEDIA_TYPE: {
    summary: 'The body is not application/json',
    detail: 'The request body must be JSON (Content-Type: application/json).',
  },
  TOO_MANY_REQUESTS: {
    summary: 'Over RATE_LIMIT_PER_MINUTE; wait Retry-After seconds',
    detail: 'Too many requests; retry after the number of seconds in Retry-After.',
  },
  DATABASE_UNAVAILABLE: {
    summary: 'The database cannot be reached right now; retry after Retry-After seconds',
    detail: 'The database cannot be reached at the moment; retry later.',
  },
  SERVICE_UNAVAILABLE: {
    summary: 'The service is temporarily unavailable',
    detail: 'The service is temporarily unavailable; retry later.',
  },
  INTERNAL_ERROR: {
    summary: 'Unexpected; logged server-side with the request id',
    detail: 'The server could not complete the request; it has been logged.',
  },
};

/** A named OpenAPI example of the problem body a code gets. */
export function problemExample(code: ProblemCode): { summary: string; value: Record<string, unknown> } {
  const sample = SAMPLES[code];
  return {
    summary: sample.summary,
    value: {
      type: problemType(code),
      title: problemTitle(code),
      status: PROBLEM_STATUS[code],
      detail: sample.detail,
      code,
      instance: sample.instance ?? `/v2/modules/oauthv2/setups/${SETUP}`,
      request_id: '5f0c6b1e-8a4e-4c47-9a53-2f7d0f3c9b21',
      ...sample.extra,
    },
  };
}
