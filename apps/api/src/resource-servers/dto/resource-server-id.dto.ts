import { ApiProperty } from '@nestjs/swagger';

export class ResourceServerIdDto {
  @ApiProperty({ example: '7c1e9a4b2d3f405e8a6b7c8d9e0f1a2b' })
  resourceServerId: string;
}
