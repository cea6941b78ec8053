import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { DELETED_AT, DELETED_BY, SNAPSHOT_STATE } from '../../http/soft-deleted-states';
import { ResourceServerBodyDto } from './resource-server-body.dto';
import { ScopeViewDto } from './scope-view.dto';

export class ResourceServerViewDto extends OmitType(ResourceServerBodyDto, ['valid_from', 'scopes'] as const) {
  @ApiProperty({ example: '7c1e9a4b2d3f405e8a6b7c8d9e0f1a2b' })
  resourceServerId: string;

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

  @ApiProperty({ type: [ScopeViewDto] })
  scopes: ScopeViewDto[];
}
