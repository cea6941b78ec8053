import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig, type Clock, MetricsService } from '@app/core';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { registerJsonBodyParser } from './http/json-body-parser';
import { addRequestGuards, requestTimeoutOptions } from './http/transport-guards';
import { RequestValidationPipe } from './http/validation.pipe';
import { DrainingFastifyAdapter } from './lifecycle/draining-fastify-adapter';
import { assignRequestId, loggerParams, REQUEST_ID_HEADER } from './logging/logging';
import { logRequests } from './logging/request-log';
import { recordHttpMetrics } from './metrics/http-metrics';
import { setupOpenApi } from './openapi';
import { ActivationJob } from './scheduling/activation.job';

export const BODY_LIMIT = 1024 * 1024;

export interface CreateAppOptions {
  clock?: Clock;
  /**
   * Where log lines go: a stream of the caller's (tests capture them), `false` for silence; by default
   * standard output. nestjs-pino keeps the logger of the first application of a process for all of them.
   */
  logs?: DestinationStream | false;
}

/**
 * Builds the application exactly as `main.ts` serves it; the e2e specs call this too, so they test
 * what users get (parsers, validation, errors, prefix, logs, metrics, OpenAPI).
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new DrainingFastifyAdapter({
    bodyLimit: BODY_LIMIT,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    genReqId: assignRequestId,
    // While draining, a request that still arrives on an open keep-alive connection is served (and the
    // connection closed after it), rather than answered with Fastify's own non-problem 503.
    return503OnClosing: false,
    // A client that stalls its request (headers or body) is answered 408 and cut off; Node's own
    // errors (headers too large, malformed framing) answer problem+json too.
    ...requestTimeoutOptions(config.requestTimeoutMs),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.clock, loggerParams(config, options.logs)),
    adapter,
    {
      // Only JSON bodies: Nest would otherwise add a form-urlencoded parser.
      bodyParser: false,
      // Nest's own start-up lines wait for the pino logger, so that every line is structured.
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify parses text/plain by default; a client body is JSON (UTF-8, not encoded, of bounded shape) or nothing (415).
  fastify.removeContentTypeParser('text/plain');
  registerJsonBodyParser(fastify);
  addRequestGuards(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  logRequests(fastify);
  recordHttpMetrics(fastify, app.get(MetricsService));
  // Security headers on every answer. No Content-Security-Policy: the API answers JSON only, and
  // Swagger UI's page needs inline scripts.
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins,
      exposedHeaders: ['ETag', 'Location', 'Link', 'Retry-After', 'X-Request-Id'],
      maxAge: 600,
    });
  }

  if (config.apiPrefix) {
    app.setGlobalPrefix(config.apiPrefix, {
      exclude: [
        { path: 'health/{*rest}', method: RequestMethod.GET },
        { path: 'metrics', method: RequestMethod.GET },
      ],
    });
  }
  app.useGlobalPipes(new RequestValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  // Shutting down: no new connection, the requests in flight answered, the activation batch finished;
  // then the modules' hooks (the audit trail writes what is queued), the DataSource last.
  adapter.afterRequestsDrained(() => app.get(ActivationJob).stop());
  setupOpenApi(app);
  return app;
}
