import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { DomainError } from '@app/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { REQUEST_ID_HEADER } from '../logging/logging';
import { buildProblem, PROBLEM_CONTENT_TYPE, type ProblemCode } from './problem';

/** Longer URLs are 414; Node's header limit (16 KiB, the URL included) answers 431 before that matters. */
export const MAX_URL_LENGTH = 8192;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Node's HTTP server options that bound how long a client may hold a request: the whole request
 * (headers and body) within `requestTimeoutMs`, checked every quarter of it (Node checks every 30 s
 * by default, which would let a stalled body keep its connection for that long).
 */
export function requestTimeoutOptions(requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Partial<FastifyServerOptions> {
  return {
    requestTimeout: requestTimeoutMs,
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.max(250, Math.floor(requestTimeoutMs / 4)),
    },
    clientErrorHandler: answerClientError,
    frameworkErrors: answerRouterError,
  } as Partial<FastifyServerOptions>;
}

/**
 * The router's own refusals, before any hook or filter runs: a URL that does not percent-decode (400)
 * and a path segment over Fastify's parameter limit (414). Fastify would quote the path back.
 */
function answerRouterError(error: { statusCode?: number }, request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, detail]: [number, ProblemCode, string] =
    error.statusCode === 414
      ? [414, 'URI_TOO_LONG', 'A path segment of the URL is too long.']
      : [400, 'MALFORMED_REQUEST', 'The URL is malformed (bad percent-encoding).'];
  void reply
    .status(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('cache-control', 'no-store')
    .header(REQUEST_ID_HEADER, request.id)
    .send({ ...buildProblem(code, status, detail), request_id: request.id });
}

/**
 * Errors Node raises before a request reaches Fastify (headers too large, a malformed request line
 * or Content-Length, a request not received in time) answered as problem+json like every other
 * error, never quoting what the client sent, then the connection is closed.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] = describe(err.code);
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const requestId = randomUUID();
    const body = JSON.stringify({ ...buildProblem(code, status, detail), request_id: requestId });
    socket.write(
      `HTTP/1.1 ${status} ${reason(status)}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\n` +
        `${REQUEST_ID_HEADER}: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

function describe(code: string | undefined): [number, ProblemCode, string] {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'REQUEST_TIMEOUT', 'The request was not received in time.'];
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'HEADERS_TOO_LARGE', 'The request line and headers are larger than 16 KiB.'];
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return [400, 'MALFORMED_REQUEST', 'The Content-Length header is malformed or contradicts the framing.'];
    default:
      return [400, 'MALFORMED_REQUEST', 'The request is not well-formed HTTP.'];
  }
}

function reason(status: number): string {
  return (
    { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }[status] ?? 'Bad Request'
  );
}

/**
 * Checks on the request line and headers before routing: a URL over MAX_URL_LENGTH is 414, and two
 * Authorization headers are 400 (Node would silently keep the first; a proxy may have kept the other).
 */
export function addRequestGuards(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.raw.url !== undefined && request.raw.url.length > MAX_URL_LENGTH) {
      return done(Object.assign(new Error('URI too long'), { statusCode: 414 }));
    }
    const raw = request.raw.rawHeaders;
    let authorizations = 0;
    for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === 'authorization') authorizations++;
    if (authorizations > 1)
      return done(new DomainError('INVALID_REQUEST', 'Send one Authorization header, not several.'));
    done();
  });
}
