import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './query';

/** `name` and `owner`: exact matches. */
export const ApiNameOwnerFilters = () =>
  applyDecorators(
    ApiQuery({
      name: 'name',
      required: false,
      description: 'Only those with exactly this name.',
      schema: { type: 'string', maxLength: 255 },
    }),
    ApiQuery({
      name: 'owner',
      required: false,
      description: 'Only those of this owner.',
      schema: { type: 'string', maxLength: 255 },
    }),
  );

/**
 * `metadata.<name>=<value>` (nevisMeta's spelling) or `metadata[<name>]=<value>` (OpenAPI's deepObject,
 * what Swagger UI and generated clients send): both are accepted, several are ANDed.
 */
export const ApiMetadataFilter = () =>
  ApiQuery({
    name: 'metadata',
    required: false,
    style: 'deepObject',
    explode: true,
    // The example: without it Swagger UI pre-fills {"additionalProp1": "string", ...} and filters on that.
    schema: { type: 'object', additionalProperties: { type: 'string' }, example: {} },
    description:
      'Metadata items that must match, as an object of name → value, e.g. {"region": "EU"}; sent as metadata[region]=EU. The nevisMeta spelling metadata.region=EU works too. Several are ANDed.',
  });

/** `validAt` of list endpoints: an instant or `any`. */
export const ApiValidAtFilter = () =>
  ApiQuery({
    name: 'validAt',
    required: false,
    schema: { type: 'string', pattern: '^(any|\\d{4}-\\d{2}-\\d{2}T.+)$' },
    description:
      'Those in force at this ISO-8601 instant with an offset (e.g. 2026-12-01T08:00:00Z), or "any" for every one that exists, scheduled ones included. Default: now.',
  });

/** `validAt` of snapshot lists: an instant. */
export const ApiSnapshotValidAt = () =>
  ApiQuery({
    name: 'validAt',
    required: false,
    schema: { type: 'string', format: 'date-time' },
    description:
      'Only the snapshot in force at this ISO-8601 instant with an offset: 0 or 1 id. Default: all, oldest first.',
  });

export const ApiPaging = () =>
  applyDecorators(
    ApiQuery({
      name: 'limit',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
      description: 'Page size.',
    }),
    ApiQuery({
      name: 'cursor',
      required: false,
      schema: { type: 'string' },
      description: 'The `next` of the previous page (opaque).',
    }),
  );

export const ApiReplaceActiveState = () =>
  ApiQuery({
    name: 'replaceActiveState',
    required: false,
    schema: { type: 'boolean', default: false },
    description:
      'true: overwrite the active snapshot in place instead of adding one (refused with a future valid_from).',
  });

export const ApiForce = () =>
  ApiQuery({
    name: 'force',
    required: false,
    schema: { type: 'boolean', default: false },
    description:
      'true: make the change even though active or scheduled clients use a scope it leaves undeclared (they are listed in the 409 otherwise).',
  });
