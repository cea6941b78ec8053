import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { AppConfigService } from './config/app-config.service';
import { Clock, SystemClock, UnitAwareClock } from './clock';
import { DatabaseModule } from './database/database.module';
import { MetricsService } from './metrics/metrics.service';
import { EventOutbox } from './outbox/event-outbox';
import { OutboxRelay } from './outbox/outbox-relay';

export { AppConfigService };

/** The shared kernel every library relies on: configuration, the clock, the database, the metrics registry and the event outbox. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: CoreModule,
      imports: [DatabaseModule.forRoot(config.database)],
      providers: [
        { provide: AppConfigService, useValue: new AppConfigService(config) },
        { provide: Clock, useValue: new UnitAwareClock(clock) },
        MetricsService,
        EventOutbox,
        OutboxRelay,
      ],
      exports: [AppConfigService, Clock, DatabaseModule, MetricsService, EventOutbox, OutboxRelay],
    };
  }
}
