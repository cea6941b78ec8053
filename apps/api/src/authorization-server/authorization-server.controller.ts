import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { type ClientConfiguration, GetClientConfigurationQuery } from '@app/clients';
import type { FastifyReply } from 'fastify';
import { AuthorizationServerOnly } from '../auth/principal';
import { ApiProblems } from '../http/api-problems';
import { ModuleGuard } from '../http/module.guard';
import { QueryParamsGuard } from '../http/query-params.guard';
import { ClientConfigurationDto } from './dto/client-configuration.dto';

/**
 * The read model of authorization servers: a client by its OAuth client_id, with its secrets. Not
 * rate-limited: the caller is the service that authenticates every client of the setup.
 */
@ApiTags('authorization server')
@Controller('v2/modules/:module/setups/:setupId/clients/by-client-id/:oauthClientId/configuration')
@ApiBearerAuth()
@AuthorizationServerOnly()
@SkipThrottle()
@UseGuards(ModuleGuard, QueryParamsGuard)
export class AuthorizationServerController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'The configuration of a client in force now, with its secrets, for an authorization server',
    description:
      "Only nevisMeta.authorizationServer may call this (administrators may not). RFC 7591 client metadata of the snapshot in force now, with inherited and default values made explicit, plus client_secret (in force) and previous_client_secrets (rotated out, still in grace). Cache-Control: no-store. Served from a cache that the registry's own changes invalidate at once and scheduled changes at their valid_from.",
  })
  @ApiOkResponse({ type: ClientConfigurationDto })
  @ApiProblems(
    ['FORBIDDEN', 'the token lacks nevisMeta.authorizationServer (administrators included)'],
    'SETUP_NOT_FOUND',
    ['CLIENT_NOT_FOUND', 'unknown client_id, or a deleted client'],
    ['NOT_YET_VALID', 'the client has no configuration in force yet'],
  )
  async get(
    @Param('setupId') setupId: string,
    @Param('oauthClientId') oauthClientId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClientConfiguration> {
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return this.queryBus.execute(new GetClientConfigurationQuery(setupId, oauthClientId));
  }
}
