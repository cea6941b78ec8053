import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ProblemCode } from './problem';
import { PROBLEM_STATUS } from './problem-details.filter';

class FieldErrorDto {
  @ApiProperty({ example: '/redirect_uris/0', description: 'JSON pointer (RFC 6901) to the broken field.' })
  path: string;

  @ApiProperty({ example: 'redirect URI must not contain a fragment (#)' })
  message: string;
}

/** RFC 9457 problem details, as every error is answered (application/problem+json). */
export class ProblemDto {
  @ApiProperty({ example: 'urn:problem-type:oauth-registry:invalid-client-metadata' })
  type: string;

  @ApiProperty({ example: 'Invalid client metadata' })
  title: string;

  @ApiProperty({ type: 'integer', example: 400 })
  status: number;

  @ApiProperty({ example: 'The request body is invalid; see errors for every field to fix.' })
  detail: string;

  @ApiProperty({
    enum: Object.keys(PROBLEM_STATUS),
    enumName: 'ProblemCode',
    example: 'INVALID_CLIENT_METADATA',
    description: 'Stable code; the type is urn:problem-type:oauth-registry:<code in kebab case>.',
  })
  code: string;

  @ApiPropertyOptional({ example: '/v2/modules/oauthv2/setups/3b9e2f4a6c8d0e1f2a3b4c5d6e7f8091/clients' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Every broken field at once (validation failures).' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({
    enum: ['invalid_redirect_uri', 'invalid_client_metadata'],
    description: 'RFC 7591 error code (client metadata failures).',
  })
  error?: string;

  @ApiPropertyOptional({
    example: 12,
    description: 'How many more broken fields there are than the 100 listed in errors.',
  })
  errors_omitted?: number;

  @ApiPropertyOptional({ example: '/redirect_uris/0: redirect URI must not contain a fragment (#)' })
  error_description?: string;

  @ApiProperty({
    example: '5f0c6b1e-8a4e-4c47-9a53-2f7d0f3c9b21',
    description:
      'The id of the request (also the X-Request-Id response header, and on the log lines about the request): ' +
      'quote it when reporting a problem.',
  })
  request_id: string;
}

/** A problem code a route may answer, optionally with what it means on that route. */
export type ProblemEntry = ProblemCode | [code: ProblemCode, note: string];

export const PROBLEMS_EXTENSION = 'x-problems';

/**
 * The problems a route answers besides the ones every route of its kind does (401, 403, 429, 503,
 * 404 MODULE_NOT_FOUND, 400/413/415 for a body: added by the document's finishing pass). The
 * finishing pass turns the codes into one response per status, each code a named example.
 */
export function ApiProblems(...entries: ProblemEntry[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ApiExtension(
      PROBLEMS_EXTENSION,
      entries.map((entry) => (Array.isArray(entry) ? { code: entry[0], note: entry[1] } : { code: entry })),
    ),
  );
}
