import { type DynamicModule, Logger, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule, UnhandledExceptionBus } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule } from '@app/audit';
import { ClientsModule } from '@app/clients';
import { type AppConfig, Clock, CoreModule } from '@app/core';
import { SetupsModule } from '@app/setups';
import type { Subscription } from 'rxjs';
import { AuditController } from './audit/audit.controller';
import { AuthGuard } from './auth/auth.guard';
import { Authenticator } from './auth/authenticator';
import { ClientsController } from './clients/clients.controller';
import { HealthController } from './health/health.controller';
import { RegistrationController } from './registration/registration.controller';
import { ActivationJob } from './scheduling/activation.job';
import { ScheduleWrittenHandler } from './scheduling/schedule-written.handler';
import { SetupsController } from './setups/setups.controller';

@Module({})
export class AppModule implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('EventBus');
  private subscription?: Subscription;

  constructor(private readonly unhandledExceptions: UnhandledExceptionBus) {}

  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), ScheduleModule.forRoot(), CoreModule.forRoot(config, clock), SetupsModule, ClientsModule, AuditModule],
      controllers: [SetupsController, ClientsController, RegistrationController, AuditController, HealthController],
      providers: [ActivationJob, ScheduleWrittenHandler, Authenticator, { provide: APP_GUARD, useClass: AuthGuard }],
    };
  }

  /** An event handler that throws must not vanish silently. */
  onModuleInit() {
    this.subscription = this.unhandledExceptions.subscribe(({ cause, exception }) => {
      const event = (cause as object)?.constructor?.name ?? 'unknown event';
      this.logger.error(`Unhandled error in a handler of ${event}`, exception instanceof Error ? exception.stack : String(exception));
    });
  }

  onModuleDestroy() {
    this.subscription?.unsubscribe();
  }
}
