import { ApiProperty } from '@nestjs/swagger';

export class CreateSetupResponseDto {
  @ApiProperty({ example: '3b9e2f4a6c8d0e1f2a3b4c5d6e7f8091' })
  setupId: string;
}
