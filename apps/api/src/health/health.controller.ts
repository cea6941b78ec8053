import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { DatabaseUnavailableError } from '@app/core';
import { Public } from '../auth/principal';
import { ApiProblems } from '../http/api-problems';

/** How long the readiness probe waits for the database's answer. */
const PING_TIMEOUT_MS = 3000;

@ApiTags('operations')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  @HttpCode(200)
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    summary: 'The process is up and answers (liveness probe); does not touch the database',
    description: 'No token needed, never cached, not rate-limited; a database outage does not fail it.',
  })
  @ApiOkResponse({ schema: { example: { status: 'ok', info: {}, error: {}, details: {} } } })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HttpCode(200)
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    summary: 'The database answers (readiness probe): send traffic here',
    description:
      'No token needed, never cached, not rate-limited; 503 DATABASE_UNAVAILABLE while the database does not answer SELECT 1 within 3 s.',
  })
  @ApiOkResponse({
    schema: {
      example: {
        status: 'ok',
        info: { database: { status: 'up', responseTime: 2 } },
        error: {},
        details: { database: { status: 'up', responseTime: 2 } },
      },
    },
  })
  @ApiProblems(['DATABASE_UNAVAILABLE', 'the database does not answer; `details` says which check failed'])
  async ready() {
    try {
      return await this.health.check([() => this.database.pingCheck('database', { timeout: PING_TIMEOUT_MS })]);
    } catch (err) {
      // Terminus's own body would carry the driver's message (host, port); the problem says which check failed.
      if (err instanceof ServiceUnavailableException)
        throw new DatabaseUnavailableError({ details: { database: { status: 'down' } } });
      throw err;
    }
  }
}
