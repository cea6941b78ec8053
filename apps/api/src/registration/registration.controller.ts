import { Body, Controller, HttpCode, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CreateClientCommand, GetClientQuery } from '@app/clients';
import { type Actor, AppConfigService } from '@app/core';
import type { FastifyReply } from 'fastify';
import { toClientDefinition } from '../clients/to-client-definition';
import { CurrentActor } from '../auth/principal';
import { ModuleGuard } from '../http/module.guard';
import { resourcePath } from '../http/paths';
import { QueryParamsGuard } from '../http/query-params.guard';
import { registrationToV2 } from './rfc7591';
import { Rfc7591ErrorFilter } from './rfc7591-error.filter';

/** Members of a stored client that RFC 7591 names differently, or not at all. */
const HIDDEN = new Set([
  'clientId',
  'snapshotId',
  'valid_from',
  'client_secret_set',
  'confidentiality_type',
  'metadata',
  'name',
  'scopes',
  'owner',
  'inherited',
]);

@ApiTags('dynamic client registration')
@Controller('v3/modules/:module/setups/:setupId/clients')
@ApiBearerAuth()
@UseGuards(ModuleGuard, QueryParamsGuard)
@UseFilters(Rfc7591ErrorFilter)
export class RegistrationController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly config: AppConfigService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a client (RFC 7591 dynamic client registration)',
    description:
      'The standard request: client metadata in RFC 7591 names (client_name, scope, ...); unknown metadata is ignored. The client is an ordinary versioned client of the setup, valid at once. The answer carries client_id, client_secret (for secret-based authentication), client_id_issued_at, client_secret_expires_at (0: never) and every registered field with its defaults.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      additionalProperties: true,
      example: { redirect_uris: ['https://app.example.com/cb'], client_name: 'My app', scope: 'openid profile' },
    },
  })
  @ApiCreatedResponse({ description: 'Registered (RFC 7591 §3.2.1).' })
  @ApiResponse({
    status: 400,
    description:
      'RFC 7591 §3.2.2 error body: {"error": "invalid_redirect_uri" | "invalid_client_metadata", "error_description"}.',
  })
  async register(
    @CurrentActor() actor: Actor,
    @Param('module') module: string,
    @Param('setupId') setupId: string,
    @Body() request: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { valid_from: _validFrom, client_secret: _secret, ...definition } = registrationToV2(request);
    const created = await this.commandBus.execute(
      new CreateClientCommand(setupId, toClientDefinition(definition), undefined, undefined, actor),
    );
    const { view } = await this.queryBus.execute(new GetClientQuery(setupId, created.clientId));
    void reply
      .header('location', resourcePath(this.config, module, 'setups', setupId, 'clients', created.clientId))
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache');
    const registered = Object.fromEntries(Object.entries(view).filter(([member]) => !HIDDEN.has(member)));
    const software = Object.fromEntries((view.metadata ?? []).map((m) => [m.name, m.value]));
    return {
      client_id: created.oauthClientId,
      ...(created.generatedSecret ? { client_secret: created.generatedSecret, client_secret_expires_at: 0 } : {}),
      client_id_issued_at: Math.floor(created.validFrom.getTime() / 1000),
      ...registered,
      ...(view.name !== undefined ? { client_name: view.name } : {}),
      ...(view.scopes?.length ? { scope: view.scopes.join(' ') } : {}),
      ...software,
    };
  }
}
