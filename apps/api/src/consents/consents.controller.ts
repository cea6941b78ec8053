import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type ConsentViewer, ListConsentsQuery, RecordConsentCommand, RevokeConsentCommand } from '@app/clients';
import type { Actor } from '@app/core';
import type { FastifyReply } from 'fastify';
import {
  ADMIN_ROLE,
  AUTHORIZATION_SERVER_ROLE,
  CurrentActor,
  CurrentPrincipal,
  type Principal,
  Roles,
  USER_ROLE,
} from '../auth/principal';
import { ApiProblems } from '../http/api-problems';
import { ModuleGuard } from '../http/module.guard';
import { QueryParams, QueryParamsGuard } from '../http/query-params.guard';
import { QueryReader } from '../http/query';
import { ConsentDto, RecordConsentDto } from './dto/consent.dto';

type RawQuery = Record<string, string | string[] | undefined>;

const SETUP = 'modules/:module/setups/:setupId';
const DEFAULT_SIZE = 20;
const USER_QUERY = {
  name: 'user',
  required: false,
  description: 'The user (subject).',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
} as const;

/** Administrators and the authorization server act on every user's consents; a user on its own. */
function viewerOf(principal: Principal): ConsentViewer {
  const all = principal.roles.includes(ADMIN_ROLE) || principal.roles.includes(AUTHORIZATION_SERVER_ROLE);
  return { subject: principal.subject, all };
}

/** nevisMeta's persisted consents of a setup's users (API.md §3). */
@ApiTags('persisted consents')
@Controller()
@ApiBearerAuth()
@UseGuards(ModuleGuard, QueryParamsGuard)
export class ConsentsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Get(`v2/${SETUP}/consents`)
  @Roles(ADMIN_ROLE, USER_ROLE, AUTHORIZATION_SERVER_ROLE)
  @ApiOperation({
    summary: 'List the persisted consents of a setup, a page at a time',
    description:
      'Newest first, expired ones left out. nevisMeta.user sees only its own consents; nevisMeta.admin and nevisMeta.authorizationServer see all.',
  })
  @ApiQuery({
    name: 'client-entity-id',
    required: false,
    description: "The client's internal id.",
    schema: { type: 'string', maxLength: 255 },
  })
  @ApiQuery(USER_QUERY)
  @ApiQuery({
    name: 'page',
    required: false,
    description: '0-based page number; default 0.',
    schema: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
  })
  @ApiQuery({
    name: 'size',
    required: false,
    description: `1..1000, default ${DEFAULT_SIZE}.`,
    schema: { type: 'integer', minimum: 1, maximum: 1000, default: DEFAULT_SIZE },
  })
  @QueryParams()
  @ApiOkResponse({
    type: [ConsentDto],
    headers: { 'X-Total-Count': { description: 'How many match in all.', schema: { type: 'integer' } } },
  })
  @ApiNoContentResponse({ description: 'No consent matches.' })
  @ApiProblems(
    ['INVALID_REQUEST', 'an invalid filter or paging'],
    ['FORBIDDEN', "a user asking for another user's consents"],
    'SETUP_NOT_FOUND',
  )
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('setupId') setupId: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const q = new QueryReader(query, ['client-entity-id', 'user', 'page', 'size']);
    const filter = { clientId: q.string('client-entity-id'), user: q.text('user', 255) };
    const page = { page: q.integer('page', 0, 1_000_000, 0), size: q.integer('size', 1, 1000, DEFAULT_SIZE) };
    q.done();
    const { consents, total } = await this.queryBus.execute(
      new ListConsentsQuery(setupId, filter, page, viewerOf(principal)),
    );
    void reply.header('x-total-count', String(total));
    if (total === 0) void reply.status(204);
    return total === 0 ? undefined : consents;
  }

  @Put(`v2/${SETUP}/clients/:clientId/persisted-consent`)
  @Roles(ADMIN_ROLE, AUTHORIZATION_SERVER_ROLE)
  @ApiOperation({
    summary: "Record a user's consent for a client (the authorization server)",
    description:
      "issue_date is now, expiration issue_date plus the client's effective persisted_consent_ttl (its own, else the setup's client_defaults; neither: none). Replaces the user's earlier consent for the client. Only nevisMeta.admin and nevisMeta.authorizationServer.",
  })
  @ApiQuery({ ...USER_QUERY, required: true, description: 'The user (subject) who consented.' })
  @QueryParams()
  @ApiOkResponse({ type: ConsentDto })
  @ApiProblems(
    ['INVALID_REQUEST', 'an invalid body or user, or a scope the client does not ask for'],
    ['FORBIDDEN', 'the token has neither nevisMeta.admin nor nevisMeta.authorizationServer'],
    'SETUP_NOT_FOUND',
    'CLIENT_NOT_FOUND',
    ['NOT_YET_VALID', 'the client has no snapshot in force yet'],
  )
  record(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Param('clientId') clientId: string,
    @Query() query: RawQuery,
    @Body() dto: RecordConsentDto,
  ) {
    const q = new QueryReader(query, ['user']);
    const user = q.text('user', 255, true);
    q.done();
    return this.commandBus.execute(new RecordConsentCommand(setupId, clientId, user!, dto.scopes, actor));
  }

  @Delete(`v3/${SETUP}/clients/:clientId/persisted-consent`)
  @HttpCode(204)
  @ApiOperation({
    summary: "Revoke a user's persisted consent for a client",
    description:
      "Without user: the caller's own consent. nevisMeta.user may revoke only its own; nevisMeta.admin anyone's.",
  })
  @ApiQuery(USER_QUERY)
  @QueryParams()
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblems(
    ['INVALID_REQUEST', 'an invalid user'],
    ['FORBIDDEN', "a user revoking another user's consent"],
    'SETUP_NOT_FOUND',
    'CLIENT_NOT_FOUND',
    'CONSENT_NOT_FOUND',
  )
  async revoke(
    @CurrentActor() actor: Actor,
    @CurrentPrincipal() principal: Principal,
    @Param('setupId') setupId: string,
    @Param('clientId') clientId: string,
    @Query() query: RawQuery,
  ) {
    const q = new QueryReader(query, ['user']);
    const user = q.text('user', 255);
    q.done();
    await this.commandBus.execute(new RevokeConsentCommand(setupId, clientId, user, viewerOf(principal), actor));
  }
}
