import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ListAuditEntriesQuery } from '@app/audit';
import { ValidationFailedError } from '@app/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminOnly } from '../auth/principal';
import { ApiProblems } from '../http/api-problems';
import { LINK_HEADER } from '../http/api-headers';
import { ApiPaging } from '../http/api-queries';
import { QueryParams, QueryParamsGuard } from '../http/query-params.guard';
import { QueryReader } from '../http/query';

type RawQuery = Record<string, string | string[] | undefined>;

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v2/audit')
@UseGuards(QueryParamsGuard)
export class AuditController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @AdminOnly()
  @QueryParams()
  @ApiOperation({
    summary: 'The audit trail, oldest first: who did what to which entity and snapshot, and when (administrators only)',
    description: 'One entry per domain event, written in the transaction of the change. Filters are ANDed.',
  })
  @ApiQuery({
    name: 'entityId',
    required: false,
    description: 'A setup, client or resource server id.',
    schema: { type: 'string', pattern: '^[0-9a-f]{32}$' },
  })
  @ApiQuery({
    name: 'actor',
    required: false,
    description: "The token's subject, or scheduler.",
    schema: { type: 'string', maxLength: 255 },
  })
  @ApiQuery({
    name: 'since',
    required: false,
    description: 'ISO-8601 instant with an offset, inclusive.',
    schema: { type: 'string', format: 'date-time' },
  })
  @ApiQuery({
    name: 'until',
    required: false,
    description: 'ISO-8601 instant with an offset, exclusive.',
    schema: { type: 'string', format: 'date-time' },
  })
  @ApiPaging()
  @ApiOkResponse({
    description: 'A page of entries; `next` and a Link rel="next" header lead to the next page.',
    schema: {
      type: 'object',
      required: ['entries', 'next'],
      properties: {
        entries: { type: 'array', items: { type: 'object', additionalProperties: true } },
        next: { type: 'string', nullable: true },
      },
    },
    headers: LINK_HEADER,
  })
  @ApiProblems(['INVALID_REQUEST', 'an invalid filter, limit or cursor'], ['FORBIDDEN', 'not an administrator'])
  async list(
    @Query() query: RawQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const q = new QueryReader(query, ['entityId', 'actor', 'since', 'until', 'limit', 'cursor']);
    const filter = {
      entityId: q.string('entityId'),
      actor: q.string('actor'),
      since: q.instant('since'),
      until: q.instant('until'),
    };
    const limit = q.limit();
    const cursor = q.string('cursor');
    q.done();
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const { entries, hasMore } = await this.queryBus.execute(new ListAuditEntriesQuery(filter, { limit, after }));
    const last = entries[entries.length - 1];
    const next =
      hasMore && last ? Buffer.from(`a1:${last.occurredAt.getTime()}:${last.eventId}`).toString('base64url') : null;
    if (next) {
      const url = new URL(request.url, 'http://placeholder');
      url.searchParams.set('cursor', next);
      void reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
    }
    return {
      entries: entries.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
      next,
    };
  }
}

function decodeCursor(cursor: string): { occurredAt: Date; eventId: string } {
  const match = /^a1:(\d{1,16}):([0-9a-f]{32})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match)
    throw new ValidationFailedError('INVALID_REQUEST', [
      { path: '/cursor', message: 'cursor is not one this service issued; start again without it' },
    ]);
  return { occurredAt: new Date(Number(match[1])), eventId: match[2] };
}
