/**
 * Every error the domain raises carries one of these stable codes. The HTTP layer maps each
 * code to a status in an exhaustive switch, so adding a code here without a mapping fails to compile.
 */
export type ErrorCode =
  | 'MODULE_NOT_FOUND'
  | 'SETUP_NOT_FOUND'
  | 'CLIENT_NOT_FOUND'
  | 'RESOURCE_SERVER_NOT_FOUND'
  | 'NOT_YET_VALID'
  | 'INVALID_CLIENT_METADATA'
  | 'INVALID_REQUEST'
  | 'BODY_TOO_COMPLEX'
  | 'CLIENT_ID_TAKEN'
  | 'SCOPE_NAME_TAKEN'
  | 'SCOPE_IN_USE'
  | 'SCOPE_NOT_DECLARED'
  | 'CLIENT_DEFAULTS_IN_USE'
  | 'SNAPSHOT_NOT_FOUND'
  | 'INITIAL_ACCESS_TOKEN_NOT_FOUND'
  | 'CONSENT_NOT_FOUND'
  | 'SNAPSHOT_NOT_DELETABLE'
  | 'SNAPSHOT_CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'PRECONDITION_REQUIRED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'DATABASE_UNAVAILABLE';

export interface FieldError {
  /** JSON pointer (RFC 6901) into the request body, e.g. `/redirect_uris/0`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra members for the problem body; never put secrets here. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {}

export class ValidationFailedError extends DomainError {
  constructor(
    code: 'INVALID_CLIENT_METADATA' | 'INVALID_REQUEST',
    readonly errors: FieldError[],
    message = 'The request body is invalid; see errors for every field to fix.',
    /** Further broken fields that were counted but not collected (a hostile body can break thousands). */
    readonly omitted = 0,
  ) {
    super(code, message);
  }
}

export class NotYetValidError extends DomainError {
  constructor(entity: string, validFrom: Date) {
    super(
      'NOT_YET_VALID',
      `The ${entity} has no active configuration yet; it becomes valid at ${validFrom.toISOString()}.`,
      {
        valid_from: validFrom.toISOString(),
      },
    );
  }
}

/** The database cannot be reached right now; the request may be retried later. */
export class DatabaseUnavailableError extends DomainError {
  constructor(extensions: Record<string, unknown> = {}) {
    super('DATABASE_UNAVAILABLE', 'The database cannot be reached at the moment; retry later.', extensions);
  }
}

/** Builds a JSON pointer from path segments, escaping `~` and `/` as RFC 6901 requires. */
export function jsonPointer(segments: Array<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
