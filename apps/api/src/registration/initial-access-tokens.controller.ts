import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  IssueInitialAccessTokenCommand,
  ListInitialAccessTokensQuery,
  RevokeInitialAccessTokenCommand,
} from '@app/clients';
import { type Actor, AppConfigService } from '@app/core';
import type { FastifyReply } from 'fastify';
import { AdminOnly, CurrentActor } from '../auth/principal';
import { ApiProblems } from '../http/api-problems';
import { LOCATION_HEADER, NO_STORE_HEADER } from '../http/api-headers';
import { ModuleGuard } from '../http/module.guard';
import { resourcePath } from '../http/paths';
import { QueryParamsGuard } from '../http/query-params.guard';
import {
  InitialAccessTokensDto,
  IssuedInitialAccessTokenDto,
  IssueInitialAccessTokenDto,
} from './initial-access-token.dto';

/** RFC 7591 §3 initial access tokens of a setup: issued, listed and revoked by administrators. */
@ApiTags('dynamic client registration')
@ApiBearerAuth()
@AdminOnly()
@Controller('v2/modules/:module/setups/:setupId/initial-access-tokens')
@UseGuards(ModuleGuard, QueryParamsGuard)
export class InitialAccessTokensController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly config: AppConfigService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Issue an initial access token',
    description:
      "A bearer token with which clients may register themselves on the setup's RFC 7591 endpoint while its registration_policy has access initial_access_token (or anyone), until it expires or its uses are spent. Shown this once; only its SHA-256 is kept.",
  })
  @ApiCreatedResponse({ type: IssuedInitialAccessTokenDto, headers: { ...LOCATION_HEADER, ...NO_STORE_HEADER } })
  @ApiProblems(
    ['INVALID_REQUEST', 'every broken field of the body'],
    ['FORBIDDEN', 'not an administrator'],
    'SETUP_NOT_FOUND',
  )
  async issue(
    @CurrentActor() actor: Actor,
    @Param('module') module: string,
    @Param('setupId') setupId: string,
    @Body() dto: IssueInitialAccessTokenDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const issued = await this.commandBus.execute(
      new IssueInitialAccessTokenCommand(setupId, dto.expires_in ?? 86_400, dto.max_uses ?? 1, dto.description, actor),
    );
    void reply
      .header('location', resourcePath(this.config, module, 'setups', setupId, 'initial-access-tokens', issued.id))
      .header('cache-control', 'no-store');
    return issued;
  }

  @Get()
  @ApiOperation({
    summary: 'List the initial access tokens of a setup',
    description: 'Newest first; never the tokens.',
  })
  @ApiOkResponse({ type: InitialAccessTokensDto })
  @ApiProblems(['FORBIDDEN', 'not an administrator'], 'SETUP_NOT_FOUND')
  async list(@Param('setupId') setupId: string) {
    return { initialAccessTokens: await this.queryBus.execute(new ListInitialAccessTokensQuery(setupId)) };
  }

  @Delete(':tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an initial access token', description: 'At once; clients it registered stay.' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblems(['FORBIDDEN', 'not an administrator'], 'SETUP_NOT_FOUND', 'INITIAL_ACCESS_TOKEN_NOT_FOUND')
  async revoke(@Param('setupId') setupId: string, @Param('tokenId') tokenId: string): Promise<void> {
    await this.commandBus.execute(new RevokeInitialAccessTokenCommand(setupId, tokenId));
  }
}
