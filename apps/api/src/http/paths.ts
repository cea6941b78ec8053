import type { AppConfigService } from '@app/core';

/** The absolute path of a resource, with the configured API prefix, for Location headers. */
export function resourcePath(config: AppConfigService, module: string, ...segments: string[]): string {
  const prefix = config.values.apiPrefix ? `/${config.values.apiPrefix}` : '';
  return `${prefix}/v2/modules/${module}/${segments.join('/')}`;
}
