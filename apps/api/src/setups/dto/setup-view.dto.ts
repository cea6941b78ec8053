import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { DELETED_AT, DELETED_BY, SNAPSHOT_STATE } from '../../http/soft-deleted-states';
import { SetupBodyDto } from './setup-body.dto';

export class SetupViewDto extends OmitType(SetupBodyDto, ['valid_from'] as const) {
  @ApiProperty({ example: '3b9e2f4a6c8d0e1f2a3b4c5d6e7f8091' })
  setupId: string;

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
}
