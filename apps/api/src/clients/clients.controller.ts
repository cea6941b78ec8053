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
  Req,
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
import {
  ClientByOauthIdQuery,
  ClientNamesQuery,
  CreateClientCommand,
  DeleteClientCommand,
  DeleteClientSnapshotCommand,
  GetClientQuery,
  GetClientSnapshotQuery,
  ListClientSnapshotsQuery,
  ListClientsQuery,
  RotateClientSecretCommand,
  UpdateClientCommand,
} from '@app/clients';
import { type Actor, AppConfigService } from '@app/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems } from '../http/api-problems';
import { ETAG_HEADER, LINK_HEADER, LOCATION_HEADER, NO_STORE_HEADER } from '../http/api-headers';
import {
  ApiMetadataFilter,
  ApiNameOwnerFilters,
  ApiPaging,
  ApiReplaceActiveState,
  ApiSnapshotValidAt,
  ApiValidAtFilter,
} from '../http/api-queries';
import { CurrentActor } from '../auth/principal';
import { ModuleGuard } from '../http/module.guard';
import { QueryParams, QueryParamsGuard } from '../http/query-params.guard';
import { resourcePath } from '../http/paths';
import { editOptions, etagOf, parseIfMatch, requiredIfMatch, withEtag } from '../http/preconditions';
import { encodeCursor, QueryReader } from '../http/query';
import { INCLUDE_DELETED, INCLUDE_DELETED_QUERY } from '../http/soft-deleted-states';
import { IF_MATCH_HEADER, SnapshotIdsDto } from '../http/versioning.dto';
import { toClientDefinition } from './to-client-definition';
import { ClientBodyDto } from './dto/client-body.dto';
import { ClientIdDto } from './dto/client-id.dto';
import { ClientIdsDto } from './dto/client-ids.dto';
import { ClientNamesDto } from './dto/client-names.dto';
import { ClientViewDto } from './dto/client-view.dto';
import { CreateClientResponseDto } from './dto/create-client-response.dto';
import { CLIENT_BODY_EXAMPLES, CLIENT_UPDATE_EXAMPLES } from './dto/examples/client-body.examples';
import { RotateSecretDto } from './dto/rotate-secret.dto';
import { RotatedSecretDto } from './dto/rotated-secret.dto';
import { UpdateClientResponseDto } from './dto/update-client-response.dto';
import { UpdateClientDto } from './dto/update-client.dto';

type RawQuery = Record<string, string | string[] | undefined>;

@ApiTags('clients')
@Controller('v2/modules/:module/setups/:setupId/clients')
@ApiBearerAuth()
@UseGuards(ModuleGuard, QueryParamsGuard)
export class ClientsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly config: AppConfigService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a client',
    description:
      'Creates an OAuth client in the setup. A future valid_from schedules its first configuration. Answers the internal clientId (not the OAuth client_id); when the server generated the secret, the answer also carries client_id and client_secret, shown this once.',
  })
  @ApiBody({ type: ClientBodyDto, examples: CLIENT_BODY_EXAMPLES })
  @ApiCreatedResponse({
    type: CreateClientResponseDto,
    description: 'Created; Location names the new client.',
    headers: { ...LOCATION_HEADER, ...ETAG_HEADER, ...NO_STORE_HEADER },
  })
  @ApiProblems(
    ['INVALID_CLIENT_METADATA', 'every broken field, with the RFC 7591 error and error_description'],
    'SETUP_NOT_FOUND',
    'CLIENT_ID_TAKEN',
  )
  async create(
    @CurrentActor() actor: Actor,
    @Param('module') module: string,
    @Param('setupId') setupId: string,
    @Body() dto: ClientBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreateClientResponseDto> {
    const { valid_from, client_secret, ...definition } = dto;
    const result = await this.commandBus.execute(
      new CreateClientCommand(
        setupId,
        toClientDefinition(definition),
        client_secret,
        valid_from ? new Date(valid_from) : undefined,
        actor,
      ),
    );
    void reply
      .header('location', resourcePath(this.config, module, 'setups', setupId, 'clients', result.clientId))
      .header('etag', etagOf(1));
    if (!result.generatedSecret && !result.generatedClientId) return { clientId: result.clientId };
    noStore(reply);
    return {
      clientId: result.clientId,
      client_id: result.oauthClientId,
      ...(result.generatedSecret ? { client_secret: result.generatedSecret } : {}),
    };
  }

  @Get()
  @ApiOperation({
    summary: 'List the ids of the clients in force at an instant, a page at a time',
    description:
      'Filters are ANDed. Without validAt: the clients in force now (scheduled-only ones are left out; validAt=any includes them). Pages are ordered by id; follow `next` (or the Link header) for the next page.',
  })
  @ApiNameOwnerFilters()
  @ApiQuery({
    name: 'client_id',
    required: false,
    description: 'Only the client with this OAuth client_id.',
    schema: { type: 'string', maxLength: 255 },
  })
  @ApiMetadataFilter()
  @ApiValidAtFilter()
  @ApiQuery(INCLUDE_DELETED_QUERY)
  @ApiPaging()
  @QueryParams()
  @ApiOkResponse({
    type: ClientIdsDto,
    description: 'A page of ids; `next` and a Link rel="next" header lead to the next page.',
    headers: LINK_HEADER,
  })
  @ApiProblems(['INVALID_REQUEST', 'an invalid filter, limit or cursor'], 'SETUP_NOT_FOUND')
  async list(
    @Param('setupId') setupId: string,
    @Query() query: RawQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const q = new QueryReader(query, [
      'name',
      'owner',
      'client_id',
      'validAt',
      'limit',
      'cursor',
      'metadata.*',
      INCLUDE_DELETED,
    ]);
    const filter = {
      name: q.string('name'),
      owner: q.string('owner'),
      clientId: q.string('client_id'),
      metadata: q.metadata(),
      validAt: q.validAt(true),
      includeDeleted: q.boolean(INCLUDE_DELETED),
    };
    const page = { limit: q.limit(), after: q.cursor() };
    q.done();
    const { clientIds, nextAfter } = await this.queryBus.execute(new ListClientsQuery(setupId, filter, page));
    const next = nextAfter ? encodeCursor(nextAfter) : null;
    if (next) {
      const url = new URL(request.url, 'http://placeholder');
      url.searchParams.set('cursor', next);
      void reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
    }
    return { clientIds, next };
  }

  @Get('names')
  @ApiOperation({
    summary: 'The names of the clients in force now, by internal id',
    description: 'A client without a name maps to null.',
  })
  @ApiOkResponse({ type: ClientNamesDto })
  @ApiProblems('SETUP_NOT_FOUND')
  names(@Param('setupId') setupId: string) {
    return this.queryBus.execute(new ClientNamesQuery(setupId));
  }

  @Get('by-client-id/:oauthClientId')
  @ApiOperation({
    summary: 'Translate an OAuth client_id into the internal clientId',
    description: 'Finds the client in force now whose OAuth client_id this is.',
  })
  @ApiOkResponse({ type: ClientIdDto })
  @ApiProblems('SETUP_NOT_FOUND', ['CLIENT_NOT_FOUND', 'no client in force has this client_id'])
  byClientId(@Param('setupId') setupId: string, @Param('oauthClientId') oauthClientId: string) {
    return this.queryBus.execute(new ClientByOauthIdQuery(setupId, oauthClientId));
  }

  @Get(':clientId')
  @ApiOperation({
    summary: 'Read the configuration of a client in force now (never the secret)',
    description:
      'The active snapshot, with the values the client inherits from the setup filled in (listed in `inherited`). The ETag header is what PUT and DELETE take as If-Match.',
  })
  @ApiOkResponse({ type: ClientViewDto, description: 'The active snapshot.', headers: ETAG_HEADER })
  @ApiProblems('SETUP_NOT_FOUND', 'CLIENT_NOT_FOUND', ['NOT_YET_VALID', 'with the scheduled valid_from'])
  async get(
    @Param('setupId') setupId: string,
    @Param('clientId') clientId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.queryBus.execute(new GetClientQuery(setupId, clientId)));
  }

  @Put(':clientId')
  @ApiOperation({
    summary: 'Replace the configuration of a client, now or at a future instant',
    description:
      'Takes the complete definition. A future valid_from adds a scheduled snapshot and leaves the active one in place; otherwise the new snapshot is active at once. replaceActiveState=true rewrites the active snapshot in place. The secret is kept unless the body sets one; the OAuth client_id cannot change.',
  })
  @ApiReplaceActiveState()
  @QueryParams()
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ type: ClientBodyDto, examples: CLIENT_UPDATE_EXAMPLES() })
  @ApiOkResponse({
    type: UpdateClientResponseDto,
    description: 'The stored snapshot; ETag of the client after the change.',
    headers: { ...ETAG_HEADER, ...NO_STORE_HEADER },
  })
  @ApiProblems(
    'INVALID_CLIENT_METADATA',
    ['FORBIDDEN', 'a nevisMeta.user editing a client it does not own'],
    'SETUP_NOT_FOUND',
    'CLIENT_NOT_FOUND',
    ['NOT_YET_VALID', 'replaceActiveState=true on a client with no active snapshot yet'],
    'SNAPSHOT_CONFLICT',
    'PRECONDITION_FAILED',
  )
  async update(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Param('clientId') clientId: string,
    @Body() dto: UpdateClientDto,
    @Query() query: RawQuery,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const {
      valid_from,
      client_secret,
      clientId: _id,
      snapshotId: _s,
      state: _st,
      client_secret_set: _set,
      ...definition
    } = dto;
    const options = editOptions(query, valid_from, ifMatch);
    const result = await this.commandBus.execute(
      new UpdateClientCommand(setupId, clientId, toClientDefinition(definition), client_secret, options, actor),
    );
    const view = withEtag(reply, result);
    if (!result.generatedSecret) return view;
    noStore(reply);
    return { ...view, client_secret: result.generatedSecret };
  }

  @Post(':clientId/secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate the client secret',
    description:
      'Issues a new secret (shown once), in force at once; the previous one stays valid for the grace period (SECRET_ROTATION_GRACE_SECONDS, default 24 h, or grace_period_seconds in the body), so an authorization server accepts both until then. Only for client_secret_basic, client_secret_post and client_secret_jwt. Requires If-Match with the client ETag (428 without), so that of parallel rotations only one succeeds and every secret handed out stays valid.',
  })
  @ApiHeader({
    ...IF_MATCH_HEADER,
    required: true,
    description: 'The ETag of the client (from GET or the previous rotation); "*" is not enough (428).',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: RotatedSecretDto, headers: { ...ETAG_HEADER, ...NO_STORE_HEADER } })
  @ApiProblems(
    ['INVALID_REQUEST', 'the client uses no secret, or a bad grace period'],
    ['FORBIDDEN', 'a nevisMeta.user rotating the secret of a client it does not own'],
    'SETUP_NOT_FOUND',
    'CLIENT_NOT_FOUND',
    ['PRECONDITION_FAILED', 'If-Match does not match: the client changed, or another rotation came first'],
    ['PRECONDITION_REQUIRED', 'no If-Match with an ETag: rotations must name the state they replace'],
  )
  async rotateSecret(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Param('clientId') clientId: string,
    @Body() body: RotateSecretDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.commandBus.execute(
      new RotateClientSecretCommand(setupId, clientId, requiredIfMatch(ifMatch), actor, body.grace_period_seconds),
    );
    void reply.header('etag', etagOf(result.revision));
    noStore(reply);
    return {
      client_secret: result.secret,
      previous_client_secret_valid_until: result.previousValidUntil.toISOString(),
    };
  }

  @Delete(':clientId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a client permanently, with all its snapshots',
    description: 'Its OAuth client_id can be used again afterwards.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(
    ['FORBIDDEN', 'a nevisMeta.user deleting a client it does not own'],
    'SETUP_NOT_FOUND',
    'CLIENT_NOT_FOUND',
    'PRECONDITION_FAILED',
  )
  async delete(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Param('clientId') clientId: string,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    await this.commandBus.execute(new DeleteClientCommand(setupId, clientId, parseIfMatch(ifMatch), actor));
  }

  @Get(':clientId/snapshots')
  @ApiOperation({
    summary: 'List the snapshot ids of a client, oldest first; with validAt, the one in force then',
    description: 'Scheduled, active and historical snapshots alike; read one to see its state and valid_from.',
  })
  @ApiSnapshotValidAt()
  @ApiQuery(INCLUDE_DELETED_QUERY)
  @QueryParams()
  @ApiOkResponse({ type: SnapshotIdsDto })
  @ApiProblems(['INVALID_REQUEST', 'an invalid validAt'], 'SETUP_NOT_FOUND', 'CLIENT_NOT_FOUND')
  listSnapshots(@Param('setupId') setupId: string, @Param('clientId') clientId: string, @Query() query: RawQuery) {
    const q = new QueryReader(query, ['validAt', INCLUDE_DELETED]);
    const validAt = q.validAt(false) as Date | undefined;
    const includeDeleted = q.boolean(INCLUDE_DELETED);
    q.done();
    return this.queryBus.execute(new ListClientSnapshotsQuery(setupId, clientId, validAt, includeDeleted));
  }

  @Get(':clientId/snapshots/:snapshotId')
  @ApiOperation({
    summary: 'Read one snapshot of a client, in any state',
    description: 'With its state (scheduled, active or historical) and valid_from.',
  })
  @ApiOkResponse({ type: ClientViewDto, headers: ETAG_HEADER })
  @ApiProblems('SETUP_NOT_FOUND', 'CLIENT_NOT_FOUND', 'SNAPSHOT_NOT_FOUND')
  async getSnapshot(
    @Param('setupId') setupId: string,
    @Param('clientId') clientId: string,
    @Param('snapshotId') snapshotId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.queryBus.execute(new GetClientSnapshotQuery(setupId, clientId, snapshotId)));
  }

  @Delete(':clientId/snapshots/:snapshotId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Cancel a scheduled change of a client',
    description: 'Only a scheduled snapshot can be deleted; the active and historical ones are the record.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'The scheduled snapshot is gone.', headers: ETAG_HEADER })
  @ApiProblems(
    'SNAPSHOT_NOT_DELETABLE',
    'SETUP_NOT_FOUND',
    'CLIENT_NOT_FOUND',
    'SNAPSHOT_NOT_FOUND',
    'SCOPE_NOT_DECLARED',
    'PRECONDITION_FAILED',
  )
  async deleteSnapshot(
    @CurrentActor() actor: Actor,
    @Param('setupId') setupId: string,
    @Param('clientId') clientId: string,
    @Param('snapshotId') snapshotId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { revision } = await this.commandBus.execute(
      new DeleteClientSnapshotCommand(setupId, clientId, snapshotId, parseIfMatch(ifMatch), actor),
    );
    void reply.header('etag', etagOf(revision));
  }
}

/** A secret shown once must not stay in any cache. */
function noStore(reply: FastifyReply) {
  void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}
