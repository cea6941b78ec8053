import type { AppConfig } from './app-config';

/** Typed, already validated configuration; inject it instead of reading process.env. */
export class AppConfigService {
  constructor(readonly values: AppConfig) {}
}
