import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { ValidationFailedError } from '@app/core';
import type { FastifyReply } from 'fastify';
import { MAX_REPORTED_ERRORS } from '../http/field-errors';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { toRfcNames } from './rfc7591';

/**
 * RFC 7591 §3.2.2: a registration that is refused answers 400 with the standard error body
 * `{error, error_description}`. Every other failure is a problem+json like everywhere else.
 */
@Catch()
export class Rfc7591ErrorFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    if (!(exception instanceof ValidationFailedError) || exception.code !== 'INVALID_CLIENT_METADATA') {
      this.problems.catch(exception, host);
      return;
    }
    const errors = exception.errors.slice(0, MAX_REPORTED_ERRORS).map(toRfcNames);
    const omitted = exception.errors.length - errors.length + exception.omitted;
    const error = errors.some((e) => e.path.startsWith('/redirect_uris'))
      ? 'invalid_redirect_uri'
      : 'invalid_client_metadata';
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(400)
      .header('cache-control', 'no-store')
      .send({
        error,
        error_description:
          errors.map((e) => `${e.path || 'body'}: ${e.message}`).join('; ') +
          (omitted > 0 ? `; and ${omitted} more problems` : ''),
      });
  }
}
