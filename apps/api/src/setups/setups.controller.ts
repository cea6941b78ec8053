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
import { AdminOnly, CurrentActor } from '../auth/principal';
import { ModuleGuard } from '../http/module.guard';
import { QueryParams, QueryParamsGuard } from '../http/query-params.guard';
import { resourcePath } from '../http/paths';
import { editOptionsWithForce, etagOf, parseIfMatch, withEtag } from '../http/preconditions';
import { QueryReader } from '../http/query';
import { INCLUDE_DELETED, INCLUDE_DELETED_QUERY } from '../http/soft-deleted-states';
import { IF_MATCH_HEADER, SnapshotIdsDto } from '../http/versioning.dto';
import {
  CreateSetupDto,
  CreateSetupResponseDto,
  SetupIdsDto,
  SetupViewDto,
  UpdateSetupDto,
} from './dto/create-setup.dto';

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
  @ApiOperation({ summary: 'Create a setup (an authorization server configuration)' })
  @ApiCreatedResponse({ type: CreateSetupResponseDto, description: 'Created; Location names the new setup.' })
  @ApiProblems([400, 'Invalid body'], [404, 'Unknown module'], [413, 'Body over 1 MiB'], [415, 'Not JSON'])
  async create(
    @CurrentActor() actor: Actor,
    @Param('module') module: string,
    @Body() dto: CreateSetupDto,
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
  @ApiOperation({ summary: 'List the ids of the setups in force at an instant' })
  @ApiQuery({ name: 'name', required: false })
  @ApiQuery({ name: 'owner', required: false })
  @ApiQuery({
    name: 'metadata.<name>',
    required: false,
    description: 'A metadata item with this name and value; several are ANDed.',
  })
  @ApiQuery({ name: 'validAt', required: false, description: 'ISO-8601 instant, or "any"; default now.' })
  @ApiQuery(INCLUDE_DELETED_QUERY)
  @ApiOkResponse({ type: SetupIdsDto })
  @ApiProblems([400, 'Invalid filter'], [404, 'Unknown module'])
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
  @ApiOperation({ summary: 'Read the configuration of a setup in force now' })
  @ApiOkResponse({ type: SetupViewDto, description: 'The active snapshot; ETag for If-Match.' })
  @ApiProblems([404, 'Unknown module or setup (SETUP_NOT_FOUND), or not valid yet (NOT_YET_VALID, with valid_from)'])
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
  @ApiQuery({ name: 'replaceActiveState', required: false, type: Boolean })
  @ApiQuery({
    name: 'force',
    required: false,
    type: Boolean,
    description: 'Change client_defaults even if inheriting clients would then break a rule.',
  })
  @QueryParams()
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: SetupViewDto, description: 'The stored snapshot; ETag of the setup after the change.' })
  @ApiProblems(
    [400, 'Invalid body'],
    [404, 'Unknown setup, or NOT_YET_VALID with replaceActiveState'],
    [
      409,
      'A snapshot already exists at that valid_from (SNAPSHOT_CONFLICT), or clients inheriting the new client_defaults would break a rule (CLIENT_DEFAULTS_IN_USE, listed; ?force=true overrides)',
    ],
    [412, 'If-Match does not match (PRECONDITION_FAILED)'],
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
  @ApiOperation({ summary: 'Delete a setup with all its snapshots, clients and resource servers' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems([404, 'Unknown setup'], [412, 'If-Match does not match'])
  async delete(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    await this.commandBus.execute(new DeleteSetupCommand(setupId, parseIfMatch(ifMatch), actor));
  }

  @Get(':setupId/snapshots')
  @ApiOperation({ summary: 'List the snapshot ids of a setup, oldest first; with validAt, the one in force then' })
  @ApiQuery({ name: 'validAt', required: false, description: 'ISO-8601 instant: 0 or 1 id.' })
  @ApiQuery(INCLUDE_DELETED_QUERY)
  @QueryParams()
  @ApiOkResponse({ type: SnapshotIdsDto })
  @ApiProblems([400, 'Invalid validAt'], [404, 'Unknown setup'])
  listSnapshots(@Param('setupId') setupId: string, @Query() query: RawQuery) {
    const q = new QueryReader(query, ['validAt', INCLUDE_DELETED]);
    const validAt = q.validAt(false) as Date | undefined;
    const includeDeleted = q.boolean(INCLUDE_DELETED);
    q.done();
    return this.queryBus.execute(new ListSetupSnapshotsQuery(setupId, validAt, includeDeleted));
  }

  @Get(':setupId/snapshots/:snapshotId')
  @ApiOperation({ summary: 'Read one snapshot of a setup, in any state' })
  @ApiOkResponse({ type: SetupViewDto })
  @ApiProblems([404, 'Unknown setup or snapshot'])
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
  @ApiOperation({ summary: 'Cancel a scheduled change of a setup' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'The scheduled snapshot is gone.' })
  @ApiProblems(
    [403, 'The snapshot is active or historical (SNAPSHOT_NOT_DELETABLE)'],
    [404, 'Unknown setup or snapshot'],
    [412, 'If-Match does not match'],
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
