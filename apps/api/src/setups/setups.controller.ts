import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiBody,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor, AppConfigService } from '@app/core';
import {
  CreateSetupCommand,
  DeleteSetupCommand,
  DeleteSetupSnapshotCommand,
  GetSetupQuery,
  GetSetupSnapshotQuery,
  ListSetupSnapshotsQuery,
  ListSetupsQuery,
  type SetupDefinition,
  UpdateSetupCommand,
} from '@app/setups';
import type { FastifyReply } from 'fastify';
import { ApiProblems } from '../http/api-problems';
import { ETAG_HEADER, LOCATION_HEADER } from '../http/api-headers';
import {
  ApiMetadataFilter,
  ApiNameOwnerFilters,
  ApiReplaceActiveState,
  ApiSnapshotValidAt,
  ApiValidAtFilter,
} from '../http/api-queries';
import { AdminOnly, CurrentActor } from '../auth/principal';
import { ModuleGuard } from '../http/module.guard';
import { QueryParams, QueryParamsGuard } from '../http/query-params.guard';
import { resourcePath } from '../http/paths';
import { editOptionsWithForce, etagOf, parseIfMatch, withEtag } from '../http/preconditions';
import { QueryReader } from '../http/query';
import { INCLUDE_DELETED, INCLUDE_DELETED_QUERY } from '../http/soft-deleted-states';
import { IF_MATCH_HEADER, SnapshotIdsDto } from '../http/versioning.dto';
import { CreateSetupResponseDto } from './dto/create-setup-response.dto';
import { SETUP_BODY_EXAMPLES, SETUP_UPDATE_EXAMPLES } from './dto/examples/setup-body.examples';
import { SetupBodyDto } from './dto/setup-body.dto';
import { SetupIdsDto } from './dto/setup-ids.dto';
import { SetupViewDto } from './dto/setup-view.dto';
import { UpdateSetupDto } from './dto/update-setup.dto';

type RawQuery = Record<string, string | string[] | undefined>;

@ApiTags('setups')
@Controller('v2/modules/:module/setups')
@ApiBearerAuth()
@UseGuards(ModuleGuard, QueryParamsGuard)
export class SetupsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly config: AppConfigService,
  ) {}

  @Post()
  @AdminOnly()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a setup (an authorization server configuration)',
    description:
      'Administrators only. Answers the setupId that every other path of the setup takes. Without valid_from the setup is in force at once; a future valid_from schedules it (reading it answers 404 NOT_YET_VALID until then).',
  })
  @ApiBody({ type: SetupBodyDto, examples: SETUP_BODY_EXAMPLES })
  @ApiCreatedResponse({
    type: CreateSetupResponseDto,
    description: 'Created; Location names the new setup.',
    headers: LOCATION_HEADER,
  })
  @ApiProblems(['INVALID_REQUEST', 'every broken field of the body'], ['FORBIDDEN', 'not an administrator'])
  async create(
    @CurrentActor() actor: Actor,
    @Param('module') module: string,
    @Body() dto: SetupBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { valid_from, ...definition } = dto;
    const { setupId } = await this.commandBus.execute(
      new CreateSetupCommand(definition as SetupDefinition, valid_from ? new Date(valid_from) : undefined, actor),
    );
    void reply.header('location', resourcePath(this.config, module, 'setups', setupId));
    return { setupId };
  }

  @Get()
  @ApiOperation({
    summary: 'List the ids of the setups in force at an instant',
    description: 'Filters are ANDed. Without validAt: the setups in force now; validAt=any includes scheduled ones.',
  })
  @ApiNameOwnerFilters()
  @ApiMetadataFilter()
  @ApiValidAtFilter()
  @ApiQuery(INCLUDE_DELETED_QUERY)
  @ApiOkResponse({ type: SetupIdsDto })
  @ApiProblems(['INVALID_REQUEST', 'an invalid filter'])
  @QueryParams()
  list(@Query() query: RawQuery) {
    const q = new QueryReader(query, ['name', 'owner', 'validAt', 'metadata.*', INCLUDE_DELETED]);
    const filter = {
      name: q.string('name'),
      owner: q.string('owner'),
      metadata: q.metadata(),
      validAt: q.validAt(true),
      includeDeleted: q.boolean(INCLUDE_DELETED),
    };
    q.done();
    return this.queryBus.execute(new ListSetupsQuery(filter));
  }

  @Get(':setupId')
  @ApiOperation({
    summary: 'Read the configuration of a setup in force now',
    description: 'The active snapshot. The ETag header is what PUT and DELETE take as If-Match.',
  })
  @ApiOkResponse({ type: SetupViewDto, description: 'The active snapshot.', headers: ETAG_HEADER })
  @ApiProblems('SETUP_NOT_FOUND', ['NOT_YET_VALID', 'with the scheduled valid_from'])
  async get(@Param('setupId') setupId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.queryBus.execute(new GetSetupQuery(setupId)));
  }

  @Put(':setupId')
  @AdminOnly()
  @ApiOperation({
    summary: 'Replace the configuration of a setup, now or at a future instant',
    description:
      'Takes the complete definition. A future valid_from adds a scheduled snapshot and leaves the active one in place; otherwise the new snapshot is active at once. replaceActiveState=true rewrites the active snapshot in place.',
  })
  @ApiReplaceActiveState()
  @ApiQuery({
    name: 'force',
    required: false,
    type: Boolean,
    description: 'Change client_defaults even if inheriting clients would then break a rule.',
  })
  @QueryParams()
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ type: SetupBodyDto, examples: SETUP_UPDATE_EXAMPLES() })
  @ApiOkResponse({
    type: SetupViewDto,
    description: 'The stored snapshot; ETag of the setup after the change.',
    headers: ETAG_HEADER,
  })
  @ApiProblems(
    ['INVALID_REQUEST', 'every broken field of the body'],
    ['FORBIDDEN', 'not an administrator'],
    'SETUP_NOT_FOUND',
    ['NOT_YET_VALID', 'replaceActiveState=true on a setup with no active snapshot yet'],
    'SNAPSHOT_CONFLICT',
    'PRECONDITION_FAILED',
    [
      'CLIENT_DEFAULTS_IN_USE',
      'clients inheriting the new client_defaults would break a rule (listed); ?force=true overrides',
    ],
  )
  async update(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Body() dto: UpdateSetupDto,
    @Query() query: RawQuery,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { valid_from, setupId: _id, snapshotId: _snapshot, state: _state, ...definition } = dto;
    const { options, force } = editOptionsWithForce(query, valid_from, ifMatch);
    return withEtag(
      reply,
      await this.commandBus.execute(
        new UpdateSetupCommand(setupId, definition as SetupDefinition, options, actor, force),
      ),
    );
  }

  @Delete(':setupId')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a setup with all its snapshots, clients and resource servers',
    description: 'Administrators only. Everything in the setup goes with it.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(['FORBIDDEN', 'not an administrator'], 'SETUP_NOT_FOUND', 'PRECONDITION_FAILED')
  async delete(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    await this.commandBus.execute(new DeleteSetupCommand(setupId, parseIfMatch(ifMatch), actor));
  }

  @Get(':setupId/snapshots')
  @ApiOperation({
    summary: 'List the snapshot ids of a setup, oldest first; with validAt, the one in force then',
    description: 'Scheduled, active and historical snapshots alike; read one to see its state and valid_from.',
  })
  @ApiSnapshotValidAt()
  @ApiQuery(INCLUDE_DELETED_QUERY)
  @QueryParams()
  @ApiOkResponse({ type: SnapshotIdsDto })
  @ApiProblems(['INVALID_REQUEST', 'an invalid validAt'], 'SETUP_NOT_FOUND')
  listSnapshots(@Param('setupId') setupId: string, @Query() query: RawQuery) {
    const q = new QueryReader(query, ['validAt', INCLUDE_DELETED]);
    const validAt = q.validAt(false) as Date | undefined;
    const includeDeleted = q.boolean(INCLUDE_DELETED);
    q.done();
    return this.queryBus.execute(new ListSetupSnapshotsQuery(setupId, validAt, includeDeleted));
  }

  @Get(':setupId/snapshots/:snapshotId')
  @ApiOperation({
    summary: 'Read one snapshot of a setup, in any state',
    description: 'With its state (scheduled, active or historical) and valid_from.',
  })
  @ApiOkResponse({ type: SetupViewDto, headers: ETAG_HEADER })
  @ApiProblems('SETUP_NOT_FOUND', 'SNAPSHOT_NOT_FOUND')
  async getSnapshot(
    @Param('setupId') setupId: string,
    @Param('snapshotId') snapshotId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.queryBus.execute(new GetSetupSnapshotQuery(setupId, snapshotId)));
  }

  @Delete(':setupId/snapshots/:snapshotId')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Cancel a scheduled change of a setup',
    description: 'Only a scheduled snapshot can be deleted; the active and historical ones are the record.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'The scheduled snapshot is gone.', headers: ETAG_HEADER })
  @ApiProblems(
    'SNAPSHOT_NOT_DELETABLE',
    ['FORBIDDEN', 'not an administrator'],
    'SETUP_NOT_FOUND',
    'SNAPSHOT_NOT_FOUND',
    'PRECONDITION_FAILED',
  )
  async deleteSnapshot(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Param('snapshotId') snapshotId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { revision } = await this.commandBus.execute(
      new DeleteSetupSnapshotCommand(setupId, snapshotId, parseIfMatch(ifMatch), actor),
    );
    void reply.header('etag', etagOf(revision));
  }
}
