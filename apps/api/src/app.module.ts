import { type DynamicModule, Logger, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule, UnhandledExceptionBus } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AuditModule } from '@app/audit';
import { ChangeSetsModule } from '@app/change-sets';
import { ClientsModule } from '@app/clients';
import { type AppConfig, Clock, CoreModule } from '@app/core';
import { ResourceServersModule } from '@app/resource-servers';
import { SetupsModule } from '@app/setups';
import { LoggerModule, type Params as LoggerParams } from 'nestjs-pino';
import type { Subscription } from 'rxjs';
import { AuditController } from './audit/audit.controller';
import { AuthGuard } from './auth/auth.guard';
import { Authenticator } from './auth/authenticator';
import type { AuthenticatedRequest } from './auth/principal';
import { ChangeSetsController } from './change-sets/change-sets.controller';
import { SnapshotHistoryController } from './change-sets/snapshot-history.controller';
import { ClientsController } from './clients/clients.controller';
import { ClientConfigurationChangeFeed } from './authorization-server/client-configuration-change-feed';
import { AuthorizationServerController } from './authorization-server/authorization-server.controller';
import { ConsentsController } from './consents/consents.controller';
import { HealthController } from './health/health.controller';
import { loggerParams } from './logging/logging';
import { MetricsController } from './metrics/metrics.controller';
import { RegistrationController } from './registration/registration.controller';
import { ClientConfigurationController } from './registration/client-configuration.controller';
import { InitialAccessTokensController } from './registration/initial-access-tokens.controller';
import { ActivationJob } from './scheduling/activation.job';
import { RetentionJob } from './scheduling/retention.job';
import { ScheduleWrittenHandler } from './scheduling/schedule-written.handler';
import { SetupsController } from './setups/setups.controller';
import { ResourceServersController } from './resource-servers/resource-servers.controller';

@Module({})
export class AppModule implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('EventBus');
  private subscription?: Subscription;

  constructor(private readonly unhandledExceptions: UnhandledExceptionBus) {}

  /** `logging`: where and how to log (see `loggerParams`); by default as the configuration says, to standard output. */
  static forRoot(config: AppConfig, clock?: Clock, logging: LoggerParams = loggerParams(config)): DynamicModule {
    return {
      module: AppModule,
      controllers: [
        SetupsController,
        ClientsController,
        AuthorizationServerController,
        ResourceServersController,
        RegistrationController,
        ClientConfigurationController,
        InitialAccessTokensController,
        ConsentsController,
        AuditController,
        ChangeSetsController,
        SnapshotHistoryController,
        HealthController,
        MetricsController,
      ],
      imports: [
        LoggerModule.forRoot(logging),
        // A failed probe is already logged as a 503 answer; terminus would add a line with the driver's message.
        TerminusModule.forRoot({ logger: false }),
        CqrsModule.forRoot(),
        ScheduleModule.forRoot(),
        // Counted per principal (the token's subject), or per address for requests without a token.
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMinute }],
          skipIf: () => config.rateLimitPerMinute === 0,
          getTracker: (req: Record<string, unknown>) => {
            const request = req as unknown as AuthenticatedRequest;
            return request.principal ? `principal:${request.principal.subject}` : `address:${request.ip}`;
          },
        }),
        CoreModule.forRoot(config, clock),
        SetupsModule,
        ClientsModule,
        ResourceServersModule,
        AuditModule,
        ChangeSetsModule,
      ],
      // Authentication first, so that the rate limit counts per principal.
      providers: [
        ActivationJob,
        ClientConfigurationChangeFeed,
        RetentionJob,
        ScheduleWrittenHandler,
        Authenticator,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
      ],
    };
  }

  /** An event handler that throws must not vanish silently. */
  onModuleInit() {
    this.subscription = this.unhandledExceptions.subscribe(({ cause, exception }) => {
      const event = (cause as object)?.constructor?.name ?? 'unknown event';
      this.logger.error(
        `Unhandled error in a handler of ${event}`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    });
  }

  onModuleDestroy() {
    this.subscription?.unsubscribe();
  }
}
