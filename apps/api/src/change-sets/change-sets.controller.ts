import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApplyChangeSetCommand, ExportSetupQuery, MAX_CHANGES, PlanChangeSetQuery } from '@app/change-sets';
import { type Actor, type FieldError, parseInstant, ValidationFailedError } from '@app/core';
import type { FastifyReply } from 'fastify';
import { stringify } from 'yaml';
import { AdminOnly, CurrentActor } from '../auth/principal';
import { ApiProblems, type ProblemEntry } from '../http/api-problems';
import { ModuleGuard } from '../http/module.guard';
import { QueryParams, QueryParamsGuard } from '../http/query-params.guard';
import { QueryReader } from '../http/query';
import { forceOption } from '../http/preconditions';
import { ApplyRequestDto, ChangeSetOutcomeDto, PlanRequestDto, SetupDocumentDto } from './change-set.dto';
import { readDocument } from './read-document';

type RawQuery = Record<string, string | string[] | undefined>;

const FORCE_QUERY = {
  name: 'force',
  required: false,
  description:
    "Change the setup's client_defaults even if clients that inherit them would then break a rule (CLIENT_DEFAULTS_IN_USE), as ?force=true on PUT of the setup.",
  schema: { type: 'boolean', default: false },
} as const;

const CLIENT_DEFAULTS_PROBLEM: ProblemEntry = [
  'CLIENT_DEFAULTS_IN_USE',
  'the new client_defaults would make clients that inherit them, as the change set leaves them, break a rule (listed); nothing is applied; ?force=true overrides',
];

@ApiTags('configuration as code')
@Controller('v2/modules/:module/setups/:setupId')
@ApiBearerAuth()
@UseGuards(ModuleGuard, QueryParamsGuard)
export class ChangeSetsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Get('export')
  @AdminOnly()
  @ApiOperation({
    summary: 'Export the setup, its resource servers and its clients as one document',
    description:
      'The bodies in force at validAt (default now): no ids, no instants, never a secret (a client with one carries client_secret: {"keep": true}); inherited values stay inherited. Members and entities in a stable order (resource servers by name, clients by client_id), so two exports of one state are the same bytes. JSON, or YAML with Accept: application/yaml.',
  })
  @ApiQuery({
    name: 'validAt',
    required: false,
    description: 'ISO-8601 instant with an offset; default now.',
    schema: { type: 'string', format: 'date-time' },
  })
  @QueryParams()
  @ApiProduces('application/json', 'application/yaml')
  @ApiOkResponse({ type: SetupDocumentDto })
  @ApiProblems(
    ['INVALID_REQUEST', 'an invalid validAt'],
    ['FORBIDDEN', 'not an administrator'],
    'SETUP_NOT_FOUND',
    'NOT_YET_VALID',
  )
  async export(
    @Param('setupId') setupId: string,
    @Query() query: RawQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const q = new QueryReader(query, ['validAt']);
    const validAt = q.validAt(false) as Date | undefined;
    q.done();
    const document = await this.queryBus.execute(new ExportSetupQuery(setupId, validAt));
    if (!/\b(application|text)\/(x-)?yaml\b/.test(accept ?? '')) return document;
    void reply.type('application/yaml; charset=utf-8');
    return stringify(document);
  }

  @Post('plan')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Plan a document: what applying it would change, and every rule it breaks; writes nothing',
    description:
      'Each change: create, update (with an RFC 6902 patch from the current body, secrets masked) or, with prune: true, delete. Every entity is checked by the same rules as its own POST or PUT, all at once; errors point into the document (at most 100 listed: checking stops there). A change set makes at most 100 changes: split a larger document (without prune). A change of client_defaults is judged on the clients as the whole change set leaves them (CLIENT_DEFAULTS_IN_USE, as apply would answer). plan_hash goes to apply.',
  })
  @ApiQuery(FORCE_QUERY)
  @QueryParams()
  @ApiBody({ type: PlanRequestDto })
  @ApiOkResponse({ type: ChangeSetOutcomeDto })
  @ApiProblems(
    [
      'INVALID_REQUEST',
      `the document breaks rules: errors lists them (at most 100), as pointers into the document; or it would make more than ${MAX_CHANGES} changes`,
    ],
    ['FORBIDDEN', 'not an administrator'],
    'SETUP_NOT_FOUND',
    CLIENT_DEFAULTS_PROBLEM,
  )
  async plan(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Body() body: unknown,
    @Query() query: RawQuery,
  ) {
    const force = forceOption(query);
    const { valid_from, ...raw } = isObject(body) ? body : { valid_from: undefined };
    const validFrom = instant(valid_from, '/valid_from');
    const document = await readDocument(isObject(body) ? raw : body, '');
    return this.queryBus.execute(new PlanChangeSetQuery(setupId, document, validFrom, actor, force));
  }

  @Post('apply')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Apply a planned document: every change in one transaction, at one instant',
    description:
      'Every new snapshot takes effect at valid_from (absent or past: now), so the whole change set goes live at once. 412 when the setup changed since the plan (plan_hash). A change of client_defaults that would make clients inheriting them (as the change set leaves them) break a rule answers 409 CLIENT_DEFAULTS_IN_USE listing them, and nothing is applied, unless ?force=true. At most 100 changes per change set. Applying the same document again changes nothing (changes: []). One event per entity changed, plus ChangeSetApplied naming them.',
  })
  @ApiQuery(FORCE_QUERY)
  @QueryParams()
  @ApiBody({ type: ApplyRequestDto })
  @ApiOkResponse({ type: ChangeSetOutcomeDto })
  @ApiProblems(
    [
      'INVALID_REQUEST',
      `the request or the document breaks rules (at most 100 listed); or it would make more than ${MAX_CHANGES} changes`,
    ],
    ['FORBIDDEN', 'not an administrator'],
    'SETUP_NOT_FOUND',
    ['PRECONDITION_FAILED', 'the state changed since the plan: plan again'],
    CLIENT_DEFAULTS_PROBLEM,
  )
  async apply(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Body() body: unknown,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const force = forceOption(query);
    const request = isObject(body) ? body : {};
    const errors: FieldError[] = [];
    for (const member of Object.keys(request)) {
      if (!['document', 'plan_hash', 'valid_from'].includes(member))
        errors.push({ path: `/${member}`, message: `${member} is not a known member` });
    }
    if (typeof request.plan_hash !== 'string' || !request.plan_hash)
      errors.push({ path: '/plan_hash', message: 'plan_hash is required: the plan_hash of the plan being applied' });
    if (request.document === undefined) errors.push({ path: '/document', message: 'document is required' });
    if (!isObject(body))
      errors.splice(0, errors.length, { path: '', message: 'The request body must be a JSON object.' });
    if (errors.length) throw new ValidationFailedError('INVALID_REQUEST', errors);
    const validFrom = instant(request.valid_from, '/valid_from');
    const document = await readDocument(request.document, '/document');
    const outcome = await this.commandBus.execute(
      new ApplyChangeSetCommand(setupId, document, request.plan_hash as string, validFrom, actor, force),
    );
    if (outcome.client_secrets) void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return outcome;
  }
}

function instant(value: unknown, path: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = parseInstant(value);
  if (!parsed)
    throw new ValidationFailedError('INVALID_REQUEST', [
      { path, message: 'valid_from must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T08:00:00Z' },
    ]);
  return parsed;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
