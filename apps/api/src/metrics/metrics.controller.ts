import { Controller, Get, Header, Headers, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { AppConfigService, DomainError, MetricsService } from '@app/core';
import type { FastifyReply } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/principal';
import { OPTIONAL_AUTH_EXTENSION } from '../openapi/complete-document';

/**
 * Prometheus scrapes this. It holds counts, latencies and process figures, never an id or a secret;
 * it is public like the health probes unless METRICS_TOKEN is set, which then must come as a bearer token.
 */
@ApiTags('operations')
@Public()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfigService,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  @ApiBearerAuth()
  @ApiExtension(OPTIONAL_AUTH_EXTENSION, true)
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format)',
    description:
      'http_requests_total and http_request_duration_seconds per method, route template and status code; oauth_registry_activation_lag_seconds per entity kind; the process and Node.js metrics. Public unless METRICS_TOKEN is configured.',
  })
  @ApiOkResponse({
    content: {
      'text/plain': {
        schema: {
          type: 'string',
          example: 'http_requests_total{method="GET",route="/health/ready",status_code="200"} 12',
        },
      },
    },
  })
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const expected = this.config.values.metricsToken;
    if (expected) {
      const presented = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
      if (!timingSafeEqual(createHash('sha256').update(presented).digest(), expected)) {
        throw new DomainError('UNAUTHENTICATED', 'GET /metrics needs the bearer token configured as METRICS_TOKEN.');
      }
    }
    const { contentType, body } = await this.metrics.scrape();
    void reply.header('content-type', contentType);
    return body;
  }
}
