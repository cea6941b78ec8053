import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: '/redirect_uris/0', description: 'JSON pointer (RFC 6901) to the broken field.' })
  path: string;

  @ApiProperty({ example: 'redirect URI must not contain a fragment (#)' })
  message: string;
}

export class ProblemDto {
  @ApiProperty({ example: 'urn:problem-type:oauth-registry:invalid-client-metadata' })
  type: string;

  @ApiProperty({ example: 'Invalid client metadata' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'The request body is invalid; see errors for every field to fix.' })
  detail: string;

  @ApiProperty({
    example: 'INVALID_CLIENT_METADATA',
    description:
      'Stable code: MODULE_NOT_FOUND, SETUP_NOT_FOUND, CLIENT_NOT_FOUND, RESOURCE_SERVER_NOT_FOUND, NOT_YET_VALID, INVALID_CLIENT_METADATA, INVALID_REQUEST, BODY_TOO_COMPLEX, CLIENT_ID_TAKEN, SCOPE_NAME_TAKEN, SCOPE_IN_USE, SCOPE_NOT_DECLARED, SNAPSHOT_NOT_FOUND, SNAPSHOT_NOT_DELETABLE, SNAPSHOT_CONFLICT, PRECONDITION_FAILED, PRECONDITION_REQUIRED, UNAUTHENTICATED, FORBIDDEN, MALFORMED_REQUEST, REQUEST_TIMEOUT, URI_TOO_LONG, HEADERS_TOO_LARGE, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, NOT_FOUND, DATABASE_UNAVAILABLE, INTERNAL_ERROR.',
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
      'The id of the request (also the X-Request-Id response header, and on every log line of the request): quote it when reporting a problem.',
  })
  request_id: string;
}

/** Documents problem+json answers for the given statuses. */
export function ApiProblems(...responses: Array<[status: number, description: string]>) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...responses.map(([status, description]) =>
      ApiResponse({
        status,
        description,
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
