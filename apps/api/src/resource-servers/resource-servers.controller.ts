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
  CreateResourceServerCommand,
  DeleteResourceServerCommand,
  DeleteResourceServerSnapshotCommand,
  GetResourceServerQuery,
  GetResourceServerSnapshotQuery,
  ListResourceServerSnapshotsQuery,
  ListResourceServersQuery,
  type ResourceServerDefinition,
  UpdateResourceServerCommand,
} from '@app/resource-servers';
import type { FastifyReply } from 'fastify';
import { ApiProblems } from '../http/api-problems';
import { AdminOnly, CurrentActor } from '../auth/principal';
import { ModuleGuard } from '../http/module.guard';
import { QueryParams, QueryParamsGuard } from '../http/query-params.guard';
import { resourcePath } from '../http/paths';
import { editOptionsWithForce, etagOf, forceOption, parseIfMatch, withEtag } from '../http/preconditions';
import { QueryReader } from '../http/query';
import { INCLUDE_DELETED, INCLUDE_DELETED_QUERY } from '../http/soft-deleted-states';
import { IF_MATCH_HEADER, SnapshotIdsDto } from '../http/versioning.dto';
import {
  ResourceServerDto,
  ResourceServerIdDto,
  ResourceServerIdsDto,
  ResourceServerViewDto,
  UpdateResourceServerDto,
} from './dto/resource-server.dto';

type RawQuery = Record<string, string | string[] | undefined>;

const FORCE_QUERY = {
  name: 'force',
  required: false,
  type: Boolean,
  description:
    'true: make the change even though active or scheduled clients use a scope it leaves undeclared (they are listed in the 409 otherwise).',
};
const SCOPE_IN_USE: [number, string] = [
  409,
  'Clients use a scope the change removes (SCOPE_IN_USE, listing them; ?force=true overrides)',
];

@ApiTags('resource servers')
@Controller('v2/modules/:module/setups/:setupId/resource-servers')
@ApiBearerAuth()
@UseGuards(ModuleGuard, QueryParamsGuard)
export class ResourceServersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly config: AppConfigService,
  ) {}

  @Post()
  @AdminOnly()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a resource server (an API) and the scopes it declares',
    description:
      'Scope names are unique within the setup. Once a setup has resource servers, its clients may only ask for scopes they declare. A future valid_from schedules the first configuration.',
  })
  @ApiQuery(FORCE_QUERY)
  @QueryParams()
  @ApiCreatedResponse({ type: ResourceServerIdDto, description: 'Created; Location names the new resource server.' })
  @ApiProblems(
    [400, 'Invalid body (every broken field)'],
    [404, 'Unknown module or setup'],
    [
      409,
      'A scope name is already declared by another resource server of the setup (SCOPE_NAME_TAKEN), or clients use scopes it leaves undeclared (SCOPE_IN_USE)',
    ],
    [413, 'Body over 1 MiB'],
    [415, 'Not JSON'],
  )
  async create(
    @CurrentActor() actor: Actor,
    @Param('module') module: string,
    @Param('setupId') setupId: string,
    @Body() dto: ResourceServerDto,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const force = forceOption(query);
    const { valid_from, ...definition } = dto;
    const { resourceServerId } = await this.commandBus.execute(
      new CreateResourceServerCommand(
        setupId,
        definition as ResourceServerDefinition,
        valid_from ? new Date(valid_from) : undefined,
        force,
        actor,
      ),
    );
    void reply
      .header('location', resourcePath(this.config, module, 'setups', setupId, 'resource-servers', resourceServerId))
      .header('etag', etagOf(1));
    return { resourceServerId };
  }

  @Get()
  @ApiOperation({ summary: 'List the ids of the resource servers in force at an instant' })
  @ApiQuery({ name: 'name', required: false })
  @ApiQuery({ name: 'owner', required: false })
  @ApiQuery({
    name: 'metadata.<name>',
    required: false,
    description: 'A metadata item with this name and value; several are ANDed.',
  })
  @ApiQuery({ name: 'validAt', required: false, description: 'ISO-8601 instant, or "any"; default now.' })
  @ApiQuery(INCLUDE_DELETED_QUERY)
  @QueryParams()
  @ApiOkResponse({ type: ResourceServerIdsDto })
  @ApiProblems([400, 'Invalid filter'], [404, 'Unknown module or setup'])
  list(@Param('setupId') setupId: string, @Query() query: RawQuery) {
    const q = new QueryReader(query, ['name', 'owner', 'validAt', 'metadata.*', INCLUDE_DELETED]);
    const filter = {
      name: q.string('name'),
      owner: q.string('owner'),
      metadata: q.metadata(),
      validAt: q.validAt(true),
      includeDeleted: q.boolean(INCLUDE_DELETED),
    };
    q.done();
    return this.queryBus.execute(new ListResourceServersQuery(setupId, filter));
  }

  @Get(':resourceServerId')
  @ApiOperation({
    summary: 'Read the configuration of a resource server in force now, with the policies its scopes inherit',
  })
  @ApiOkResponse({ type: ResourceServerViewDto, description: 'The active snapshot; ETag for If-Match.' })
  @ApiProblems([
    404,
    'Unknown setup or resource server (RESOURCE_SERVER_NOT_FOUND), or not valid yet (NOT_YET_VALID, with valid_from)',
  ])
  async get(
    @Param('setupId') setupId: string,
    @Param('resourceServerId') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.queryBus.execute(new GetResourceServerQuery(setupId, id)));
  }

  @Put(':resourceServerId')
  @AdminOnly()
  @ApiOperation({
    summary: 'Replace the configuration of a resource server, now or at a future instant',
    description:
      'Takes the complete definition. A future valid_from adds a scheduled snapshot; otherwise the new snapshot is active at once. replaceActiveState=true rewrites the active snapshot in place. Removing (or scheduling away) a scope that active or scheduled clients use answers 409 unless force=true.',
  })
  @ApiQuery({ name: 'replaceActiveState', required: false, type: Boolean })
  @ApiQuery(FORCE_QUERY)
  @QueryParams()
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({
    type: ResourceServerViewDto,
    description: 'The stored snapshot; ETag of the resource server after the change.',
  })
  @ApiProblems(
    [400, 'Invalid body'],
    [404, 'Unknown setup or resource server, or NOT_YET_VALID with replaceActiveState'],
    [
      409,
      'A snapshot already exists at that valid_from (SNAPSHOT_CONFLICT), a scope name is taken (SCOPE_NAME_TAKEN), or clients use a removed scope (SCOPE_IN_USE)',
    ],
    [412, 'If-Match does not match (PRECONDITION_FAILED)'],
  )
  async update(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Param('resourceServerId') id: string,
    @Body() dto: UpdateResourceServerDto,
    @Query() query: RawQuery,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { valid_from, resourceServerId: _id, snapshotId: _snapshot, state: _state, ...definition } = dto;
    const { options, force } = editOptionsWithForce(query, valid_from, ifMatch);
    return withEtag(
      reply,
      await this.commandBus.execute(
        new UpdateResourceServerCommand(setupId, id, definition as ResourceServerDefinition, options, force, actor),
      ),
    );
  }

  @Delete(':resourceServerId')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a resource server with all its snapshots' })
  @ApiQuery(FORCE_QUERY)
  @QueryParams()
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems([404, 'Unknown setup or resource server'], SCOPE_IN_USE, [412, 'If-Match does not match'])
  async delete(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Param('resourceServerId') id: string,
    @Query() query: RawQuery,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    const force = forceOption(query);
    await this.commandBus.execute(new DeleteResourceServerCommand(setupId, id, parseIfMatch(ifMatch), force, actor));
  }

  @Get(':resourceServerId/snapshots')
  @ApiOperation({
    summary: 'List the snapshot ids of a resource server, oldest first; with validAt, the one in force then',
  })
  @ApiQuery({ name: 'validAt', required: false, description: 'ISO-8601 instant: 0 or 1 id.' })
  @ApiQuery(INCLUDE_DELETED_QUERY)
  @QueryParams()
  @ApiOkResponse({ type: SnapshotIdsDto })
  @ApiProblems([400, 'Invalid validAt'], [404, 'Unknown setup or resource server'])
  listSnapshots(@Param('setupId') setupId: string, @Param('resourceServerId') id: string, @Query() query: RawQuery) {
    const q = new QueryReader(query, ['validAt', INCLUDE_DELETED]);
    const validAt = q.validAt(false) as Date | undefined;
    const includeDeleted = q.boolean(INCLUDE_DELETED);
    q.done();
    return this.queryBus.execute(new ListResourceServerSnapshotsQuery(setupId, id, validAt, includeDeleted));
  }

  @Get(':resourceServerId/snapshots/:snapshotId')
  @ApiOperation({ summary: 'Read one snapshot of a resource server, in any state' })
  @ApiOkResponse({ type: ResourceServerViewDto })
  @ApiProblems([404, 'Unknown setup, resource server or snapshot'])
  async getSnapshot(
    @Param('setupId') setupId: string,
    @Param('resourceServerId') id: string,
    @Param('snapshotId') snapshotId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.queryBus.execute(new GetResourceServerSnapshotQuery(setupId, id, snapshotId)));
  }

  @Delete(':resourceServerId/snapshots/:snapshotId')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel a scheduled change of a resource server' })
  @ApiQuery(FORCE_QUERY)
  @QueryParams()
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'The scheduled snapshot is gone.' })
  @ApiProblems(
    [403, 'The snapshot is active or historical (SNAPSHOT_NOT_DELETABLE)'],
    [404, 'Unknown setup, resource server or snapshot'],
    [409, 'Scheduled clients wait for a scope only this snapshot declares (SCOPE_IN_USE; ?force=true overrides)'],
    [412, 'If-Match does not match'],
  )
  async deleteSnapshot(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Param('resourceServerId') id: string,
    @Param('snapshotId') snapshotId: string,
    @Query() query: RawQuery,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const force = forceOption(query);
    const { revision } = await this.commandBus.execute(
      new DeleteResourceServerSnapshotCommand(setupId, id, snapshotId, parseIfMatch(ifMatch), force, actor),
    );
    void reply.header('etag', etagOf(revision));
  }
}
