import { Body, Controller, HttpCode, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { GetClientQuery, RegisterClientCommand, type RegistrationCredential } from '@app/clients';
import { AppConfigService, DomainError } from '@app/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toClientDefinition } from '../clients/to-client-definition';
import { Authenticator } from '../auth/authenticator';
import { ADMIN_ROLE, Public, USER_ROLE } from '../auth/principal';
import { ApiProblems } from '../http/api-problems';
import { LOCATION_HEADER, NO_STORE_HEADER } from '../http/api-headers';
import { ModuleGuard } from '../http/module.guard';
import { resourcePath } from '../http/paths';
import { QueryParamsGuard } from '../http/query-params.guard';
import { registrationToV2 } from './rfc7591';
import { Rfc7591ErrorFilter } from './rfc7591-error.filter';
import { bearerToken, noStore, registrationClientUri, toClientInformation } from './registration-response';

@ApiTags('dynamic client registration')
@Controller('v3/modules/:module/setups/:setupId/clients')
@ApiBearerAuth()
@Public()
@UseGuards(ModuleGuard, QueryParamsGuard)
@UseFilters(Rfc7591ErrorFilter)
export class RegistrationController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly config: AppConfigService,
    private readonly authenticator: Authenticator,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a client (RFC 7591 dynamic client registration)',
    description:
      "The standard request: client metadata in RFC 7591 names (client_name, scope, ...); unknown metadata is ignored. Who may register is the setup's registration_policy: callers with an API role always (not bound by the policy's limits); with access initial_access_token also the bearer of an initial access token; with access anyone also callers without a token. The client is an ordinary versioned client of the setup, valid at once, its client_id always generated. The answer carries client_id, client_secret (for secret-based authentication), client_id_issued_at, client_secret_expires_at (0: never), registration_access_token (shown once) and registration_client_uri (RFC 7592), and every registered field with its defaults.",
  })
  @ApiBody({
    schema: { type: 'object', additionalProperties: true },
    examples: {
      webApp: {
        summary: 'A web application (RFC 7591 names)',
        value: {
          redirect_uris: ['https://app.example.com/cb'],
          client_name: 'My app',
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'client_secret_basic',
          scope: 'accounts:read',
        },
      },
    },
  })
  @ApiCreatedResponse({
    description: 'Registered (RFC 7591 §3.2.1).',
    headers: { ...LOCATION_HEADER, ...NO_STORE_HEADER },
    schema: {
      type: 'object',
      required: ['client_id', 'client_id_issued_at'],
      properties: {
        client_id: { type: 'string' },
        client_secret: { type: 'string', description: 'For secret-based authentication; shown this once.' },
        client_id_issued_at: { type: 'integer', description: 'Seconds since the epoch.' },
        client_secret_expires_at: { type: 'integer', description: '0: never.' },
        registration_access_token: { type: 'string', description: 'RFC 7592: shown this once.' },
        registration_client_uri: {
          type: 'string',
          format: 'uri',
          description: 'RFC 7592 client configuration endpoint.',
        },
      },
      additionalProperties: true,
      example: {
        client_id: 'c4a1e9d2b7f34c6a8d0e5f1a2b3c4d5e',
        client_secret: 'hE3n0e9Q0m0wq1yq4jY7Z4c5d6e7f8g9h0i1j2k3l4m',
        client_secret_expires_at: 0,
        client_id_issued_at: 1795939200,
        redirect_uris: ['https://app.example.com/cb'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        client_name: 'My app',
        scope: 'accounts:read',
        registration_access_token: 'Zk9vQmFyQmF6UXV4LXJlZ2lzdHJhdGlvbi10b2tlbi0w',
        registration_client_uri:
          'https://registry.example.com/v3/modules/oauthv2/setups/3b9e2f4a6c8d0e1f2a3b4c5d6e7f8091/clients/c4a1e9d2b7f34c6a8d0e5f1a2b3c4d5e',
      },
    },
  })
  @ApiResponse({
    status: 400,
    description: 'RFC 7591 §3.2.2 error body (invalid client metadata)',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'string', enum: ['invalid_redirect_uri', 'invalid_client_metadata'] },
            error_description: { type: 'string' },
          },
        },
        example: {
          error: 'invalid_redirect_uri',
          error_description: '/redirect_uris/0: redirect URI must not contain a fragment (#)',
        },
      },
    },
  })
  @ApiResponse({
    status: 401,
    description:
      'A token is required and none was sent, or the bearer token is neither an API token nor an initial access token.',
  })
  @ApiResponse({
    status: 403,
    description:
      'The initial access token expired, is used up, belongs to another setup or is not accepted by the policy; the setup reached max_clients; or the API token has no role.',
  })
  @ApiProblems('SETUP_NOT_FOUND')
  async register(
    @Param('module') module: string,
    @Param('setupId') setupId: string,
    @Body() request: Record<string, unknown>,
    @Req() http: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const credential = await this.credentialOf(http);
    const { valid_from: _validFrom, client_secret: _secret, ...definition } = registrationToV2(request);
    const created = await this.commandBus.execute(
      new RegisterClientCommand(setupId, toClientDefinition(definition), credential),
    );
    const { view } = await this.queryBus.execute(new GetClientQuery(setupId, created.clientId));
    void reply.header('location', resourcePath(this.config, module, 'setups', setupId, 'clients', created.clientId));
    noStore(reply);
    return toClientInformation(view, {
      issuedAt: created.validFrom,
      clientSecret: created.generatedSecret,
      registrationAccessToken: created.registrationAccessToken,
      registrationClientUri: registrationClientUri(http, this.config, module, setupId, created.clientId),
    });
  }

  /** An API principal (as the global guard would accept it), another bearer token, or none. */
  private async credentialOf(http: FastifyRequest): Promise<RegistrationCredential> {
    if (!http.headers.authorization) return { kind: 'none' };
    const token = bearerToken(http);
    if (!token)
      throw new DomainError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>" (RFC 6750 §2.1).');
    const principal = await this.authenticator.authenticate(token);
    if (!principal) return { kind: 'bearer', token };
    const admin = principal.roles.includes(ADMIN_ROLE);
    if (!admin && !principal.roles.includes(USER_ROLE))
      throw new DomainError(
        'FORBIDDEN',
        `The token of "${principal.subject}" has neither ${ADMIN_ROLE} nor ${USER_ROLE}.`,
      );
    return { kind: 'principal', actor: { subject: principal.subject, admin } };
  }
}
