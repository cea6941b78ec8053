import { Body, Controller, Delete, Get, HttpCode, Param, Put, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  type ClientView,
  DeleteRegisteredClientCommand,
  GetRegisteredClientQuery,
  UpdateRegisteredClientCommand,
} from '@app/clients';
import { AppConfigService } from '@app/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toClientDefinition } from '../clients/to-client-definition';
import { Public } from '../auth/principal';
import { ModuleGuard } from '../http/module.guard';
import { QueryParamsGuard } from '../http/query-params.guard';
import { registrationToV2 } from './rfc7591';
import { Rfc7591ErrorFilter } from './rfc7591-error.filter';
import { bearerToken, noStore, registrationClientUri, toClientInformation } from './registration-response';

const UNAUTHORIZED = {
  status: 401,
  description:
    'No registration access token, or not the one of this client (another client\'s, unknown, or the client is gone): WWW-Authenticate: Bearer error="invalid_token".',
};

/**
 * RFC 7592 client configuration endpoint: the registration_client_uri of a client registered through
 * RFC 7591, authenticated by its registration access token alone (API tokens are not accepted here).
 * The token is not rotated: each answer carries the one presented.
 */
@ApiTags('dynamic client registration')
@Controller('v3/modules/:module/setups/:setupId/clients/:clientId')
@ApiBearerAuth()
@ApiParam({ name: 'clientId', description: 'Internal client id, as in registration_client_uri.' })
@Public()
@UseGuards(ModuleGuard, QueryParamsGuard)
@UseFilters(Rfc7591ErrorFilter)
export class ClientConfigurationController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly config: AppConfigService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Read a registration (RFC 7592 §2.1)',
    description: 'The client information in force, with the registration access token as bearer. Never the secret.',
  })
  @ApiResponse({ status: 200, description: 'RFC 7592 §3 client information response.' })
  @ApiResponse(UNAUTHORIZED)
  async read(
    @Param('module') module: string,
    @Param('setupId') setupId: string,
    @Param('clientId') clientId: string,
    @Req() http: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const token = bearerToken(http);
    const { view } = await this.queryBus.execute(new GetRegisteredClientQuery(setupId, clientId, token));
    return this.information(view, token!, http, reply, module, setupId);
  }

  @Put()
  @ApiOperation({
    summary: 'Replace a registration (RFC 7592 §2.2)',
    description:
      "The complete RFC 7591 metadata, in force at once (no valid_from). client_id is required and must be the client's; client_secret, if sent, must be the current one. Members left out take their defaults; the fields RFC 7591 has no name for (owner, comment, TTLs, pkce_mode, other metadata) are kept. A self-registered client stays within the setup's registration policy. The secret is kept (a new one is generated and returned only when the new auth method needs one and there was none).",
  })
  @ApiBody({
    schema: {
      type: 'object',
      additionalProperties: true,
      example: { client_id: 'c4a1e9d2b7f34c6a8d0e5f1a2b3c4d5e', redirect_uris: ['https://app.example.com/cb'] },
    },
  })
  @ApiResponse({ status: 200, description: 'RFC 7592 §3 client information response.' })
  @ApiResponse({ status: 400, description: 'RFC 7591 §3.2.2 error body.' })
  @ApiResponse(UNAUTHORIZED)
  async replace(
    @Param('module') module: string,
    @Param('setupId') setupId: string,
    @Param('clientId') clientId: string,
    @Body() request: Record<string, unknown>,
    @Req() http: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const token = bearerToken(http);
    const body = request !== null && typeof request === 'object' && !Array.isArray(request) ? request : {};
    // The RFC 7591 checks run only for a caller holding this client's token.
    await this.queryBus.execute(new GetRegisteredClientQuery(setupId, clientId, token));
    const { valid_from: _validFrom, client_secret: _secret, ...definition } = registrationToV2(request);
    const result = await this.commandBus.execute(
      new UpdateRegisteredClientCommand(
        setupId,
        clientId,
        token,
        toClientDefinition(definition),
        body.client_id,
        body.client_secret,
      ),
    );
    return this.information(result.view, token!, http, reply, module, setupId, result.generatedSecret);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a registration (RFC 7592 §2.3)', description: 'The client and all its snapshots.' })
  @ApiResponse({ status: 204, description: 'Deleted; the registration access token is void.' })
  @ApiResponse(UNAUTHORIZED)
  async remove(
    @Param('setupId') setupId: string,
    @Param('clientId') clientId: string,
    @Req() http: FastifyRequest,
  ): Promise<void> {
    await this.commandBus.execute(new DeleteRegisteredClientCommand(setupId, clientId, bearerToken(http)));
  }

  private information(
    view: ClientView,
    token: string,
    http: FastifyRequest,
    reply: FastifyReply,
    module: string,
    setupId: string,
    clientSecret?: string,
  ) {
    noStore(reply);
    return toClientInformation(view, {
      clientSecret,
      registrationAccessToken: token,
      registrationClientUri: registrationClientUri(http, this.config, module, setupId, view.clientId),
    });
  }
}
