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
  ApiBody,
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
import { ApiProblems, type ProblemEntry } from '../http/api-problems';
import { ETAG_HEADER, LOCATION_HEADER } from '../http/api-headers';
import {
  ApiForce,
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
import { editOptionsWithForce, etagOf, forceOption, parseIfMatch, withEtag } from '../http/preconditions';
import { QueryReader } from '../http/query';
import { INCLUDE_DELETED, INCLUDE_DELETED_QUERY } from '../http/soft-deleted-states';
import { IF_MATCH_HEADER, SnapshotIdsDto } from '../http/versioning.dto';
import {
  RESOURCE_SERVER_BODY_EXAMPLES,
  RESOURCE_SERVER_UPDATE_EXAMPLES,
} from './dto/examples/resource-server-body.examples';
import { ResourceServerBodyDto } from './dto/resource-server-body.dto';
import { ResourceServerIdDto } from './dto/resource-server-id.dto';
import { ResourceServerIdsDto } from './dto/resource-server-ids.dto';
import { ResourceServerViewDto } from './dto/resource-server-view.dto';
import { UpdateResourceServerDto } from './dto/update-resource-server.dto';

type RawQuery = Record<string, string | string[] | undefined>;

const ADMIN: ProblemEntry = ['FORBIDDEN', 'not an administrator'];

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
  @ApiForce()
  @QueryParams()
  @ApiBody({ type: ResourceServerBodyDto, examples: RESOURCE_SERVER_BODY_EXAMPLES })
  @ApiCreatedResponse({
    type: ResourceServerIdDto,
    description: 'Created; Location names the new resource server.',
    headers: { ...LOCATION_HEADER, ...ETAG_HEADER },
  })
  @ApiProblems(['INVALID_REQUEST', 'every broken field of the body'], ADMIN, 'SETUP_NOT_FOUND', 'SCOPE_NAME_TAKEN', [
    'SCOPE_IN_USE',
    'scheduled clients use scopes it would leave undeclared',
  ])
  async create(
    @CurrentActor() actor: Actor,
    @Param('module') module: string,
    @Param('setupId') setupId: string,
    @Body() dto: ResourceServerBodyDto,
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
  @ApiOperation({
    summary: 'List the ids of the resource servers in force at an instant',
    description: 'Filters are ANDed. Without validAt: those in force now; validAt=any includes scheduled ones.',
  })
  @ApiNameOwnerFilters()
  @ApiMetadataFilter()
  @ApiValidAtFilter()
  @ApiQuery(INCLUDE_DELETED_QUERY)
  @QueryParams()
  @ApiOkResponse({ type: ResourceServerIdsDto })
  @ApiProblems(['INVALID_REQUEST', 'an invalid filter'], 'SETUP_NOT_FOUND')
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
    description:
      "The active snapshot; a scope that leaves a policy out shows the setup's default (listed in its `inherited`). The ETag header is what PUT and DELETE take as If-Match.",
  })
  @ApiOkResponse({ type: ResourceServerViewDto, description: 'The active snapshot.', headers: ETAG_HEADER })
  @ApiProblems('SETUP_NOT_FOUND', 'RESOURCE_SERVER_NOT_FOUND', ['NOT_YET_VALID', 'with the scheduled valid_from'])
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
  @ApiReplaceActiveState()
  @ApiForce()
  @QueryParams()
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ type: ResourceServerBodyDto, examples: RESOURCE_SERVER_UPDATE_EXAMPLES() })
  @ApiOkResponse({
    type: ResourceServerViewDto,
    description: 'The stored snapshot; ETag of the resource server after the change.',
    headers: ETAG_HEADER,
  })
  @ApiProblems(
    ['INVALID_REQUEST', 'every broken field of the body'],
    ADMIN,
    'SETUP_NOT_FOUND',
    'RESOURCE_SERVER_NOT_FOUND',
    ['NOT_YET_VALID', 'replaceActiveState=true with no active snapshot yet'],
    'SNAPSHOT_CONFLICT',
    'SCOPE_NAME_TAKEN',
    ['SCOPE_IN_USE', 'clients use a scope the change removes; force=true overrides'],
    'PRECONDITION_FAILED',
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
  @ApiOperation({
    summary: 'Delete a resource server with all its snapshots',
    description: 'Refused with 409 SCOPE_IN_USE while clients use its scopes, unless force=true.',
  })
  @ApiForce()
  @QueryParams()
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(
    ADMIN,
    'SETUP_NOT_FOUND',
    'RESOURCE_SERVER_NOT_FOUND',
    ['SCOPE_IN_USE', 'clients use its scopes; force=true overrides'],
    'PRECONDITION_FAILED',
  )
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
    description: 'Scheduled, active and historical snapshots alike; read one to see its state and valid_from.',
  })
  @ApiSnapshotValidAt()
  @ApiQuery(INCLUDE_DELETED_QUERY)
  @QueryParams()
  @ApiOkResponse({ type: SnapshotIdsDto })
  @ApiProblems(['INVALID_REQUEST', 'an invalid validAt'], 'SETUP_NOT_FOUND', 'RESOURCE_SERVER_NOT_FOUND')
  listSnapshots(@Param('setupId') setupId: string, @Param('resourceServerId') id: string, @Query() query: RawQuery) {
    const q = new QueryReader(query, ['validAt', INCLUDE_DELETED]);
    const validAt = q.validAt(false) as Date | undefined;
    const includeDeleted = q.boolean(INCLUDE_DELETED);
    q.done();
    return this.queryBus.execute(new ListResourceServerSnapshotsQuery(setupId, id, validAt, includeDeleted));
  }

  @Get(':resourceServerId/snapshots/:snapshotId')
  @ApiOperation({
    summary: 'Read one snapshot of a resource server, in any state',
    description: 'With its state (scheduled, active or historical) and valid_from.',
  })
  @ApiOkResponse({ type: ResourceServerViewDto, headers: ETAG_HEADER })
  @ApiProblems('SETUP_NOT_FOUND', 'RESOURCE_SERVER_NOT_FOUND', 'SNAPSHOT_NOT_FOUND')
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
  @ApiOperation({
    summary: 'Cancel a scheduled change of a resource server',
    description: 'Only a scheduled snapshot can be deleted; the active and historical ones are the record.',
  })
  @ApiForce()
  @QueryParams()
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'The scheduled snapshot is gone.', headers: ETAG_HEADER })
  @ApiProblems(
    'SNAPSHOT_NOT_DELETABLE',
    ADMIN,
    'SETUP_NOT_FOUND',
    'RESOURCE_SERVER_NOT_FOUND',
    'SNAPSHOT_NOT_FOUND',
    ['SCOPE_IN_USE', 'scheduled clients wait for a scope only this snapshot declares; force=true overrides'],
    'PRECONDITION_FAILED',
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
