import { type LoggerService, type LogLevel, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from '@fastify/helmet';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig, Clock } from '@app/core';
import { AppModule } from './app.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RequestValidationPipe } from './http/validation.pipe';
import { setupOpenApi } from './openapi';

export const BODY_LIMIT = 1024 * 1024;
const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export interface CreateAppOptions {
  clock?: Clock;
  /** false for silence, or a logger of the caller's (tests capture what the service logs). */
  logger?: false | LoggerService;
}

/**
 * Builds the application exactly as `main.ts` serves it; the e2e specs call this too, so they test
 * what users get (parsers, validation, errors, prefix, OpenAPI).
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.clock),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT, onProtoPoisoning: 'error', onConstructorPoisoning: 'error' }),
    {
      // Only JSON bodies: Nest would otherwise add a form-urlencoded parser.
      bodyParser: false,
      logger: options.logger ?? LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    },
  );
  // Fastify parses text/plain by default; a client body is JSON or nothing (415).
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  // Security headers on every answer. No Content-Security-Policy: the API answers JSON only, and
  // Swagger UI's page needs inline scripts.
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  if (config.corsOrigins.length) {
    app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['ETag', 'Location', 'Link', 'Retry-After'], maxAge: 600 });
  }

  if (config.apiPrefix) {
    app.setGlobalPrefix(config.apiPrefix, { exclude: [{ path: 'health/{*rest}', method: RequestMethod.GET }] });
  }
  app.useGlobalPipes(new RequestValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}
