import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { DELETED_AT, DELETED_BY, SNAPSHOT_STATE } from '../../http/soft-deleted-states';
import { ClientBodyDto } from './client-body.dto';

export class ClientViewDto extends OmitType(ClientBodyDto, [
  'client_secret',
  'valid_from',
  'notSentGrantType',
] as const) {
  @ApiProperty({ example: '9f0c3a7e5b1d4c2a8e6f0b3d5a7c9e1f', description: 'Internal id.' })
  clientId: string;

  @ApiProperty({ example: '5d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a' })
  snapshotId: string;

  @ApiPropertyOptional(SNAPSHOT_STATE)
  state?: string;

  @ApiPropertyOptional(DELETED_AT)
  deleted_at?: string;

  @ApiPropertyOptional(DELETED_BY)
  deleted_by?: string;

  @ApiProperty({ example: '2026-12-01T08:00:00.000Z', format: 'date-time' })
  valid_from: string;

  @ApiProperty({ description: 'Whether a secret is set; the secret itself is never returned.' })
  client_secret_set: boolean;
}
