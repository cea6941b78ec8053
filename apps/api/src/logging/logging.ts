import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '@app/core';
import type { Params } from 'nestjs-pino';
import {
  type DestinationStream,
  destination as fileDestination,
  type Level,
  type LoggerOptions,
  stdSerializers,
  stdTimeFunctions,
} from 'pino';
import pretty from 'pino-pretty';
import { redactSecrets, redactUrl } from './redact';

export const REQUEST_ID_HEADER = 'x-request-id';

/** An incoming X-Request-Id is kept only if it is short and made of characters safe in logs and headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._~:=+/@-]{1,128}$/;

const PINO_LEVELS: Record<AppConfig['logLevel'], Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * The request id of a request: the caller's X-Request-Id when it is sane (so one id follows a call
 * across services), else a new UUID. Fastify calls this once per request; the id is also left on the
 * raw request, where pino-http picks it up for the log lines.
 */
export function assignRequestId(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
  raw.id = id;
  return id;
}

/**
 * Where log lines go: `logs` if given (tests capture them), else standard output as JSON lines, or
 * human-readable ones with LOG_FORMAT=pretty (the default with NODE_ENV=development). `false`: nowhere.
 */
export function loggerParams(config: AppConfig, logs?: DestinationStream | false): Params {
  const prettyOutput = !logs && config.logFormat === 'pretty';
  const options: LoggerOptions = {
    level: logs === false ? 'silent' : PINO_LEVELS[config.logLevel],
    base: { service: 'oauth-registry' },
    timestamp: prettyOutput ? stdTimeFunctions.epochTime : stdTimeFunctions.isoTime,
    formatters: {
      // `"level":"info"` rather than 30 reads well in any log store; pino-pretty wants the numbers.
      ...(prettyOutput ? {} : { level: (label: string) => ({ level: label }) }),
      log: (object: Record<string, unknown>) => redactSecrets(object) as Record<string, unknown>,
    },
    serializers: {
      err: serializeError,
      req: serializeRequest,
      res: serializeResponse,
    },
  };
  const destination =
    logs ||
    (prettyOutput
      ? pretty({
          sync: true,
          colorize: process.stdout.isTTY,
          translateTime: 'SYS:HH:MM:ss.l',
          // One line per entry: the message says method, path, status and time; the request's details stay in JSON mode.
          messageFormat: '{if context}[{context}] {end}{msg}{if request_id} ({request_id}){end}',
          ignore: 'pid,hostname,service,context,request_id,req,res,responseTime',
        })
      : // JSON lines written asynchronously: while one write is under way the next lines collect and go
        // out in one system call, instead of one blocking write per line on the request path. Nothing
        // waits on a timer; what is still buffered is written synchronously when the process exits.
        fileDestination({ dest: 1, sync: false }));
  return {
    pinoHttp: [
      {
        ...options,
        // pino-http builds the root logger; the request lines are written by `logRequests` (request-log.ts).
        autoLogging: false,
        // The serializers below see the raw objects (an Error, the IncomingMessage) rather than pino-http's copies.
        wrapSerializers: false,
      },
      ...(destination ? [destination] : []),
    ] as unknown as Params['pinoHttp'],
    renameContext: 'context',
    // No Nest middleware: the request context and the request lines come from Fastify hooks (logRequests).
    forRoutes: [],
  };
}

/** What identifies a request; the headers and the query lose their secrets. */
function serializeRequest(req: IncomingMessage) {
  return {
    id: req.id,
    method: req.method,
    url: redactUrl(req.url ?? ''),
    headers: redactSecrets({ ...req.headers }),
    remoteAddress: req.socket?.remoteAddress,
  };
}

/** The status is what matters; the answer's headers are the same security headers every time. */
function serializeResponse(res: { statusCode: number }) {
  return { statusCode: res.statusCode };
}

/** The standard error serialization, without the bound parameters TypeORM attaches to failed queries. */
function serializeError(err: Error | undefined) {
  return err === undefined ? undefined : plainError(stdSerializers.err(err) as unknown as Record<string, unknown>);
}

function plainError(serialized: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(serialized)) {
    if (key === 'parameters') continue;
    const nested = value !== null && typeof value === 'object' && 'message' in value && 'stack' in value;
    copy[key] = nested && depth < 3 ? plainError(value as Record<string, unknown>, depth + 1) : value;
  }
  return redactSecrets(copy) as Record<string, unknown>;
}
