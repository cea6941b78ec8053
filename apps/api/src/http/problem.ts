import type { ErrorCode, FieldError } from '@app/core';

/** Codes of failures that happen before a request reaches the domain. */
export type TransportErrorCode =
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'MALFORMED_REQUEST'
  | 'REQUEST_TIMEOUT'
  | 'URI_TOO_LONG'
  | 'HEADERS_TOO_LARGE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_ERROR';

export type ProblemCode = ErrorCode | TransportErrorCode;

/** RFC 9457 problem details, plus the stable `code` and, for validation failures, every broken field. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string;
  errors?: FieldError[];
  /** RFC 7591 §3.2.2 error code, for client-metadata failures. */
  error?: 'invalid_redirect_uri' | 'invalid_client_metadata';
  error_description?: string;
  /** The request's id (RFC 9457 extension member), as in the X-Request-Id header and the log lines. */
  request_id?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** `urn:problem-type:oauth-registry:setup-not-found`: stable, documented in the README, resolvable by nobody's DNS. */
export function problemType(code: ProblemCode): string {
  return `urn:problem-type:oauth-registry:${code.toLowerCase().replace(/_/g, '-')}`;
}

export function problemTitle(code: ProblemCode): string {
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function buildProblem(code: ProblemCode, status: number, detail: string): Problem {
  return { type: problemType(code), title: problemTitle(code), status, detail, code };
}
