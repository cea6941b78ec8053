import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { Clock, SystemClock } from './clock';
import { DatabaseModule } from './database/database.module';
import { MetricsService } from './metrics/metrics.service';

/** Typed, already validated configuration; inject it instead of reading process.env. */
export class AppConfigService {
  constructor(readonly values: AppConfig) {}
}

/** The shared kernel every library relies on: configuration, the clock, the database and the metrics registry. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: CoreModule,
      imports: [DatabaseModule.forRoot(config.database)],
      providers: [
        { provide: AppConfigService, useValue: new AppConfigService(config) },
        { provide: Clock, useValue: clock },
        MetricsService,
      ],
      exports: [AppConfigService, Clock, DatabaseModule, MetricsService],
    };
  }
}
