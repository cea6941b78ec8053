import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type EntityRef, RestoreSnapshotCommand, SnapshotDiffQuery } from '@app/change-sets';
import { type Actor, ValidationFailedError } from '@app/core';
import type { FastifyReply } from 'fastify';
import { AdminOnly, CurrentActor } from '../auth/principal';
import { ApiProblems, type ProblemEntry } from '../http/api-problems';
import { ModuleGuard } from '../http/module.guard';
import { etagOf, forceOption, parseIfMatch } from '../http/preconditions';
import { QueryParams, QueryParamsGuard } from '../http/query-params.guard';
import { QueryReader } from '../http/query';
import { IF_MATCH_HEADER } from '../http/versioning.dto';
import { RestoreSnapshotDto, SnapshotDiffDto } from './snapshot-history.dto';

type RawQuery = Record<string, string | string[] | undefined>;

const DIFF = {
  summary: 'Compare two snapshots (RFC 6902 JSON Patch, secrets never shown)',
  description: 'The patch that turns this snapshot into `to` (default: the snapshot in force now).',
};
const RESTORE = {
  summary: 'Restore a snapshot: its content written as a new snapshot (a rollback that keeps history)',
  description:
    'Runs the ordinary edit (PUT) with the old content: same rules, same events, now or at valid_from. A client keeps its current secret; a replaced secret is never brought back.',
};
const DIFF_PROBLEMS: ProblemEntry[] = [
  ['INVALID_REQUEST', 'an invalid query'],
  'SETUP_NOT_FOUND',
  'CLIENT_NOT_FOUND',
  'RESOURCE_SERVER_NOT_FOUND',
  'SNAPSHOT_NOT_FOUND',
];
const RESTORE_PROBLEMS: ProblemEntry[] = [
  ['INVALID_CLIENT_METADATA', 'the old content breaks a rule that holds now'],
  ['INVALID_REQUEST', 'a bad valid_from, or old content that breaks a rule that holds now'],
  'SETUP_NOT_FOUND',
  'CLIENT_NOT_FOUND',
  'RESOURCE_SERVER_NOT_FOUND',
  'SNAPSHOT_NOT_FOUND',
  'SNAPSHOT_CONFLICT',
  'SCOPE_IN_USE',
  'PRECONDITION_FAILED',
];

/** The diff operation of any entity kind: `?to=` typed, the patch answered, the same problems. */
const ApiSnapshotDiff = () =>
  applyDecorators(
    ApiOperation(DIFF),
    ApiQuery({
      name: 'to',
      required: false,
      description: 'The other snapshot id; default the one in force now.',
      schema: { type: 'string', pattern: '^[0-9a-f]{32}$' },
    }),
    QueryParams(),
    ApiOkResponse({ type: SnapshotDiffDto }),
    ApiProblems(...DIFF_PROBLEMS),
  );

/** What every restore operation shares: 200 with the stored snapshot, If-Match honoured. */
const SnapshotRestore = () => applyDecorators(HttpCode(200), ApiOperation(RESTORE), ApiHeader(IF_MATCH_HEADER));

/** Diff and restore of snapshots, for setups, resource servers and clients alike. */
@ApiTags('snapshot history')
@Controller('v2/modules/:module/setups/:setupId')
@ApiBearerAuth()
@UseGuards(ModuleGuard, QueryParamsGuard)
export class SnapshotHistoryController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Get('snapshots/:snapshotId/diff')
  @ApiSnapshotDiff()
  setupDiff(@Param('setupId') setupId: string, @Param('snapshotId') snapshotId: string, @Query() query: RawQuery) {
    return this.diff({ kind: 'setup', setupId, entityId: setupId }, snapshotId, query);
  }

  @Get('resource-servers/:entityId/snapshots/:snapshotId/diff')
  @ApiSnapshotDiff()
  resourceServerDiff(
    @Param('setupId') setupId: string,
    @Param('entityId') entityId: string,
    @Param('snapshotId') snapshotId: string,
    @Query() query: RawQuery,
  ) {
    return this.diff({ kind: 'resource_server', setupId, entityId }, snapshotId, query);
  }

  @Get('clients/:entityId/snapshots/:snapshotId/diff')
  @ApiSnapshotDiff()
  clientDiff(
    @Param('setupId') setupId: string,
    @Param('entityId') entityId: string,
    @Param('snapshotId') snapshotId: string,
    @Query() query: RawQuery,
  ) {
    return this.diff({ kind: 'client', setupId, entityId }, snapshotId, query);
  }

  @Post('snapshots/:snapshotId/restore')
  @AdminOnly()
  @SnapshotRestore()
  @ApiQuery({
    name: 'force',
    required: false,
    description:
      'Restore client_defaults even if clients that inherit them would then break a rule (CLIENT_DEFAULTS_IN_USE), as ?force=true on PUT.',
    schema: { type: 'boolean', default: false },
  })
  @QueryParams()
  @ApiOkResponse({ description: 'The stored snapshot, as PUT answers it; ETag of the entity after the change.' })
  @ApiProblems(...RESTORE_PROBLEMS, [
    'CLIENT_DEFAULTS_IN_USE',
    'the restored client_defaults would make inheriting clients break a rule (listed); ?force=true overrides',
  ])
  setupRestore(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Param('snapshotId') snapshotId: string,
    @Body() body: RestoreSnapshotDto,
    @Query() query: RawQuery,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const entity: EntityRef = { kind: 'setup', setupId, entityId: setupId };
    return this.restore(entity, snapshotId, body, ifMatch, forceOption(query), actor, reply);
  }

  @Post('resource-servers/:entityId/snapshots/:snapshotId/restore')
  @AdminOnly()
  @SnapshotRestore()
  @ApiQuery({
    name: 'force',
    required: false,
    description: 'Override SCOPE_IN_USE.',
    schema: { type: 'boolean', default: false },
  })
  @QueryParams()
  @ApiOkResponse({ description: 'The stored snapshot, as PUT answers it; ETag of the entity after the change.' })
  @ApiProblems(...RESTORE_PROBLEMS)
  resourceServerRestore(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Param('entityId') entityId: string,
    @Param('snapshotId') snapshotId: string,
    @Body() body: RestoreSnapshotDto,
    @Query() query: RawQuery,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const entity: EntityRef = { kind: 'resource_server', setupId, entityId };
    return this.restore(entity, snapshotId, body, ifMatch, forceOption(query), actor, reply);
  }

  @Post('clients/:entityId/snapshots/:snapshotId/restore')
  @SnapshotRestore()
  @ApiOkResponse({
    description:
      'The stored snapshot, as PUT answers it (with a client_secret shown once if the restored method needs one and the client had none).',
  })
  @ApiProblems(...RESTORE_PROBLEMS, ['FORBIDDEN', 'not the owner of the client'])
  clientRestore(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Param('entityId') entityId: string,
    @Param('snapshotId') snapshotId: string,
    @Body() body: RestoreSnapshotDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.restore({ kind: 'client', setupId, entityId }, snapshotId, body, ifMatch, false, actor, reply);
  }

  private diff(entity: EntityRef, snapshotId: string, query: RawQuery) {
    const q = new QueryReader(query, ['to']);
    const to = q.string('to');
    q.done();
    if (to === '')
      throw new ValidationFailedError('INVALID_REQUEST', [{ path: '/to', message: 'to must be a snapshot id' }]);
    return this.queryBus.execute(new SnapshotDiffQuery(entity, snapshotId, to));
  }

  private async restore(
    entity: EntityRef,
    snapshotId: string,
    body: RestoreSnapshotDto,
    ifMatch: string | undefined,
    force: boolean,
    actor: Actor,
    reply: FastifyReply,
  ) {
    const validFrom = body.valid_from ? new Date(body.valid_from) : undefined;
    const result = await this.commandBus.execute(
      new RestoreSnapshotCommand(entity, snapshotId, validFrom, parseIfMatch(ifMatch), force, actor),
    );
    void reply.header('etag', etagOf(result.revision));
    if (!result.generatedSecret) return result.view;
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return { ...result.view, client_secret: result.generatedSecret };
  }
}
