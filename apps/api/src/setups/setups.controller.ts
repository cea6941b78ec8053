import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ANONYMOUS_ACTOR, AppConfigService, ValidationFailedError } from '@app/core';
import { CreateSetupCommand, GetSetupQuery, ListSetupsQuery, type SetupDefinition } from '@app/setups';
import type { FastifyReply } from 'fastify';
import { ApiProblems } from '../http/api-problems';
import { ModuleGuard } from '../http/module.guard';
import { resourcePath } from '../http/paths';
import { parseValidAt } from '../http/query';
import { CreateSetupDto, CreateSetupResponseDto, SetupIdsDto } from './dto/create-setup.dto';

@ApiTags('setups')
@Controller('v2/modules/:module/setups')
@UseGuards(ModuleGuard)
export class SetupsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly config: AppConfigService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a setup (an authorization server configuration)' })
  @ApiCreatedResponse({ type: CreateSetupResponseDto, description: 'Created; Location names the new setup.' })
  @ApiProblems([400, 'Invalid body'], [404, 'Unknown module'], [413, 'Body over 1 MiB'], [415, 'Not JSON'])
  async create(@Param('module') module: string, @Body() dto: CreateSetupDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { valid_from, ...definition } = dto;
    const { setupId } = await this.commandBus.execute(
      new CreateSetupCommand(definition as SetupDefinition, valid_from ? new Date(valid_from) : undefined, ANONYMOUS_ACTOR),
    );
    void reply.header('location', resourcePath(this.config, module, 'setups', setupId));
    return { setupId };
  }

  @Get()
  @ApiOperation({ summary: 'List the ids of the setups in force at an instant' })
  @ApiQuery({ name: 'name', required: false })
  @ApiQuery({ name: 'owner', required: false })
  @ApiQuery({ name: 'validAt', required: false, description: 'ISO-8601 instant, or "any"; default now.' })
  @ApiOkResponse({ type: SetupIdsDto })
  @ApiProblems([400, 'Invalid filter'], [404, 'Unknown module'])
  list(@Query('name') name?: string, @Query('owner') owner?: string, @Query('validAt') validAt?: string) {
    for (const [param, value] of Object.entries({ name, owner })) {
      if (value !== undefined && typeof value !== 'string') {
        throw new ValidationFailedError('INVALID_REQUEST', [{ path: `/${param}`, message: `${param} may be given once` }]);
      }
    }
    return this.queryBus.execute(new ListSetupsQuery({ name, owner, validAt: parseValidAt(validAt) }));
  }

  @Get(':setupId')
  @ApiOperation({ summary: 'Read the configuration of a setup in force now' })
  @ApiOkResponse({ description: 'The active snapshot.' })
  @ApiProblems([404, 'Unknown module or setup (SETUP_NOT_FOUND), or not valid yet (NOT_YET_VALID, with valid_from)'])
  get(@Param('setupId') setupId: string) {
    return this.queryBus.execute(new GetSetupQuery(setupId));
  }
}
