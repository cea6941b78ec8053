import { Body, Controller, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ClientDefinition, CreateClientCommand } from '@app/clients';
import { ANONYMOUS_ACTOR, AppConfigService } from '@app/core';
import type { FastifyReply } from 'fastify';
import { ApiProblems } from '../http/api-problems';
import { ModuleGuard } from '../http/module.guard';
import { resourcePath } from '../http/paths';
import { CreateClientDto, CreateClientResponseDto } from './dto/create-client.dto';

@ApiTags('clients')
@Controller('v2/modules/:module/setups/:setupId/clients')
@UseGuards(ModuleGuard)
export class ClientsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly config: AppConfigService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a client',
    description:
      'Creates an OAuth client in the setup. A future valid_from schedules its first configuration. Answers the internal clientId (not the OAuth client_id); when the server generated the secret, the answer also carries client_id and client_secret, shown this once.',
  })
  @ApiCreatedResponse({ type: CreateClientResponseDto, description: 'Created; Location names the new client.' })
  @ApiProblems(
    [400, 'Invalid client metadata: every broken field, with RFC 7591 error and error_description'],
    [404, 'Unknown module (MODULE_NOT_FOUND) or setup (SETUP_NOT_FOUND)'],
    [409, 'The client_id is already used in this setup (CLIENT_ID_TAKEN)'],
    [413, 'Body over 1 MiB'],
    [415, 'Not JSON'],
  )
  async create(
    @Param('module') module: string,
    @Param('setupId') setupId: string,
    @Body() dto: CreateClientDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreateClientResponseDto> {
    const { valid_from, client_secret, ...definition } = dto;
    const result = await this.commandBus.execute(
      new CreateClientCommand(setupId, toClientDefinition(definition), client_secret, valid_from ? new Date(valid_from) : undefined, ANONYMOUS_ACTOR),
    );
    void reply.header('location', resourcePath(this.config, module, 'setups', setupId, 'clients', result.clientId));
    if (!result.generatedSecret && !result.generatedClientId) return { clientId: result.clientId };
    // A generated secret is shown once: keep it out of every cache.
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return { clientId: result.clientId, client_id: result.oauthClientId, ...(result.generatedSecret ? { client_secret: result.generatedSecret } : {}) };
  }
}

/** Drops the documented read-only artefacts; the DTO has already checked every field. */
function toClientDefinition(dto: Omit<CreateClientDto, 'valid_from' | 'client_secret'>): ClientDefinition {
  const { notSentGrantType: _ignored, jwks, ...rest } = dto;
  return { ...rest, ...(jwks ? { jwks: { keys: jwks.keys.map((key) => ({ ...key })) } } : {}) } as ClientDefinition;
}
