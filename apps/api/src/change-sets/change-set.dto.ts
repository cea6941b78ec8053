import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const DOCUMENT_EXAMPLE = {
  setup: { name: 'Retail banking', owner: 'security-team', client_defaults: { access_token_ttl: 3600 } },
  resource_servers: [{ name: 'accounts-api', scopes: [{ name: 'accounts.read' }] }],
  clients: [
    {
      client_id: 'online-banking',
      name: 'Online banking',
      redirect_uris: ['https://bank.example.com/callback'],
      scopes: ['accounts.read'],
      client_secret: { keep: true },
    },
  ],
};

/** Swagger only: the document is checked member by member (see read-document.ts). */
export class SetupDocumentDto {
  @ApiProperty({ type: 'object', additionalProperties: true, example: DOCUMENT_EXAMPLE.setup })
  setup: object;

  @ApiProperty({ type: 'array', items: { type: 'object' }, example: DOCUMENT_EXAMPLE.resource_servers })
  resource_servers: object[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: DOCUMENT_EXAMPLE.clients,
    description:
      'Client bodies keyed by client_id. client_secret: {"keep": true} keeps the current secret; a string sets it (the CLI resolves ${env:NAME} references before sending).',
  })
  clients: object[];
}

export class PlanRequestDto extends SetupDocumentDto {
  @ApiPropertyOptional({ description: 'Delete the resource servers and clients the document leaves out.' })
  prune?: boolean;

  @ApiPropertyOptional({
    example: '2026-12-01T08:00:00Z',
    description: 'The instant the change set would take effect at (compare with the state then); default now.',
  })
  valid_from?: string;
}

export class ApplyRequestDto {
  @ApiProperty({ type: PlanRequestDto, description: 'The document that was planned (without valid_from).' })
  document: object;

  @ApiProperty({ example: 'k3P2r8m0V1yq4jY7Z4c5d6e7f8g9h0i1j2k3l4mNoPq', description: 'plan_hash of the plan.' })
  plan_hash: string;

  @ApiPropertyOptional({
    example: '2026-12-01T08:00:00Z',
    description: 'Every new snapshot takes effect at this instant; absent or past: now. Same as planned.',
  })
  valid_from?: string;
}

class PatchOperationDto {
  @ApiProperty({ enum: ['add', 'remove', 'replace'] })
  op: string;

  @ApiProperty({ example: '/redirect_uris/0' })
  path: string;

  @ApiPropertyOptional({ description: 'Secrets are shown as ********.' })
  value?: unknown;
}

class PlannedChangeDto {
  @ApiProperty({ enum: ['create', 'update', 'delete'] })
  action: string;

  @ApiProperty({ enum: ['setup', 'resource_server', 'client'] })
  kind: string;

  @ApiProperty({ example: 'online-banking', description: 'client_id, or the name of a resource server or the setup.' })
  key: string;

  @ApiProperty({ type: [PatchOperationDto], description: 'RFC 6902 JSON Patch from the current body.' })
  patch: PatchOperationDto[];
}

export class ChangeSetOutcomeDto {
  @ApiProperty({ type: [PlannedChangeDto], description: 'Empty when nothing would change.' })
  changes: PlannedChangeDto[];

  @ApiProperty({ description: 'Hash of the state and the document; apply takes it back.' })
  plan_hash: string;

  @ApiProperty({ example: '2026-12-01T08:00:00.000Z', description: 'The instant every new snapshot takes effect.' })
  valid_from: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Apply only: secrets the server generated for new clients, by client_id, shown this once.',
  })
  client_secrets?: Record<string, string>;
}
