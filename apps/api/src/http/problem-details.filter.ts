import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import {
  DatabaseUnavailableError,
  DomainError,
  type ErrorCode,
  isDatabaseUnavailable,
  ValidationFailedError,
} from '@app/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { buildProblem, type Problem, type ProblemCode, PROBLEM_CONTENT_TYPE, type TransportErrorCode } from './problem';
import { MAX_REPORTED_ERRORS } from './field-errors';
import { BodyRejectedError } from './json-body-parser';

/**
 * The HTTP status of each domain error code: the one mapping. A record over the code union is as
 * exhaustive as a switch (a new code without a status does not compile) and can also be listed,
 * which the OpenAPI document does for the problem `code` enum and the examples.
 */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  INVALID_CLIENT_METADATA: 400,
  INVALID_REQUEST: 400,
  BODY_TOO_COMPLEX: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SNAPSHOT_NOT_DELETABLE: 403,
  MODULE_NOT_FOUND: 404,
  SETUP_NOT_FOUND: 404,
  CLIENT_NOT_FOUND: 404,
  RESOURCE_SERVER_NOT_FOUND: 404,
  NOT_YET_VALID: 404,
  SNAPSHOT_NOT_FOUND: 404,
  INITIAL_ACCESS_TOKEN_NOT_FOUND: 404,
  CONSENT_NOT_FOUND: 404,
  CLIENT_ID_TAKEN: 409,
  SNAPSHOT_CONFLICT: 409,
  SCOPE_NAME_TAKEN: 409,
  SCOPE_IN_USE: 409,
  SCOPE_NOT_DECLARED: 409,
  CLIENT_DEFAULTS_IN_USE: 409,
  PRECONDITION_FAILED: 412,
  PRECONDITION_REQUIRED: 428,
  DATABASE_UNAVAILABLE: 503,
};

/** The status of each failure that happens before a request reaches the domain. */
export const TRANSPORT_STATUS: Readonly<Record<TransportErrorCode, number>> = {
  MALFORMED_REQUEST: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

/** Every code a problem body can carry, with its status. */
export const PROBLEM_STATUS: Readonly<Record<ProblemCode, number>> = { ...ERROR_STATUS, ...TRANSPORT_STATUS };

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

/** The code of a framework error by its status; anything else below 500 is MALFORMED_REQUEST. */
const TRANSPORT_CODES: Record<number, TransportErrorCode> = Object.fromEntries(
  Object.entries(TRANSPORT_STATUS)
    .filter(([code]) => code !== 'INTERNAL_ERROR')
    .map(([code, status]) => [status, code as TransportErrorCode]),
);

/** Seconds a client is asked to wait before retrying while the database is unreachable. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The one place where errors become HTTP answers: every error is application/problem+json, with the
 * request's id (`request_id`, also in the X-Request-Id header and on the log lines about the request).
 * Messages of unexpected errors (which may hold SQL or internals) are logged, never sent.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    // Only errors no layer has classified yet (not a domain error, not an HTTP or Fastify error with a status).
    const unavailable =
      !(exception instanceof DomainError) && httpStatusOf(exception) === undefined && isDatabaseUnavailable(exception);
    const problem = this.toProblem(unavailable ? new DatabaseUnavailableError() : exception);
    problem.instance = request.url.split('?')[0];
    problem.request_id = request.id;
    if (problem.status === 401) {
      // RFC 6750 §3: say how to authenticate, and whether a token was presented and refused.
      const presented = typeof request.headers.authorization === 'string' && request.headers.authorization.length > 0;
      void reply.header(
        'www-authenticate',
        `Bearer realm="oauth-registry"${presented ? ', error="invalid_token"' : ''}`,
      );
    }
    if (problem.code === 'DATABASE_UNAVAILABLE') {
      void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      // One line, no stack: during an outage every request ends here.
      if (unavailable)
        this.logger.warn(
          { request_id: request.id },
          `${request.method} ${problem.instance}: the database is unavailable (${(exception as Error).message})`,
        );
    } else if (problem.status >= 500) {
      const message = `${request.method} ${problem.instance} failed`;
      // The stack of what was thrown, under the line's own message (its own message may hold SQL).
      const err = Object.assign(new Error(message), {
        stack: exception instanceof Error ? exception.stack : String(exception),
      });
      this.logger.error({ request_id: request.id, err });
    }
    void reply
      .status(problem.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .header('cache-control', 'no-store')
      .send(problem);
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof ValidationFailedError) {
      const problem = build(exception.code, statusOf(exception.code), exception.message);
      // A hostile body can break thousands of rules: the answer stays small, and says how many more.
      const errors = exception.errors.slice(0, MAX_REPORTED_ERRORS);
      problem.errors = errors;
      const omitted = exception.errors.length - errors.length + exception.omitted;
      if (omitted > 0) problem.errors_omitted = omitted;
      if (exception.code === 'INVALID_CLIENT_METADATA') {
        problem.error = errors.some((e) => e.path.startsWith('/redirect_uris'))
          ? 'invalid_redirect_uri'
          : 'invalid_client_metadata';
        problem.error_description = errors.map((e) => `${e.path || 'body'}: ${e.message}`).join('; ');
      }
      return problem;
    }
    if (exception instanceof DomainError) {
      return { ...build(exception.code, statusOf(exception.code), exception.message), ...exception.extensions };
    }
    const status = httpStatusOf(exception);
    if (status !== undefined && status < 500) {
      const code = TRANSPORT_CODES[status] ?? 'MALFORMED_REQUEST';
      return build(code, status, clientFacingMessage(exception, status));
    }
    if (status === 503)
      return build('SERVICE_UNAVAILABLE', 503, 'The service is temporarily unavailable; retry later.');
    return build('INTERNAL_ERROR', 500, 'The server could not complete the request; it has been logged.');
  }
}

const build = buildProblem;

/** Nest's HttpException, or a Fastify framework error (body too large, bad JSON, unsupported media type). */
function httpStatusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

/**
 * What a transport failure says: a fixed sentence per kind, never the framework's message, which may
 * quote the URL, a header or a piece of the body back.
 */
function clientFacingMessage(exception: unknown, status: number): string {
  if (exception instanceof BodyRejectedError) return exception.message;
  switch (status) {
    case 404:
      return 'No such resource.';
    case 405:
      return 'This method is not allowed on this resource.';
    case 408:
      return 'The request was not received in time.';
    case 413:
      return 'The request body is larger than the limit of 1 MiB.';
    case 414:
      return 'The URL is too long.';
    case 415:
      return 'The request body must be JSON (Content-Type: application/json).';
    case 429:
      return 'Too many requests; retry after the number of seconds in Retry-After.';
  }
  const code = (exception as { code?: string }).code;
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return 'The request body is empty but Content-Type says application/json.';
  if (/forbidden prototype property/.test((exception as Error).message ?? ''))
    return 'The request body must not set __proto__ or constructor.prototype.';
  if (exception instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    const position = /position (\d+)/.exec((exception as Error).message)?.[1];
    return `The request body is not valid JSON${position ? ` (at position ${position})` : ''}.`;
  }
  if (code === 'FST_ERR_BAD_URL') return 'The URL is malformed (bad percent-encoding).';
  if (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return 'The request body does not match its Content-Length.';
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    return typeof response === 'string' ? response : exception.message;
  }
  return 'The request is malformed.';
}
