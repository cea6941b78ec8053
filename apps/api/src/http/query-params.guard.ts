import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ValidationFailedError } from '@app/core';
import type { FastifyRequest } from 'fastify';

const QUERY_PARAMS = 'oauth-registry:query-params';

/**
 * Marks a route that reads query parameters itself, with QueryReader, which refuses unknown ones
 * together with every other problem of the query. Routes without it accept none.
 */
export const QueryParams = () => SetMetadata(QUERY_PARAMS, true);

/**
 * Refuses query parameters on routes that take none, like unknown body fields: a mistyped filter
 * must not be silently ignored.
 */
@Injectable()
export class QueryParamsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.get<boolean | undefined>(QUERY_PARAMS, context.getHandler())) return true;
    const unknown = Object.keys(
      (context.switchToHttp().getRequest<FastifyRequest>().query ?? {}) as Record<string, unknown>,
    );
    if (unknown.length) {
      throw new ValidationFailedError(
        'INVALID_REQUEST',
        unknown.map((key) => ({ path: `/${key}`, message: `${key} is not a query parameter of this endpoint` })),
        'The query parameters are invalid; see errors.',
      );
    }
    return true;
  }
}
