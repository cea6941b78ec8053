import { ApiProperty } from '@nestjs/swagger';

export class ClientIdDto {
  @ApiProperty({ example: '9f0c3a7e5b1d4c2a8e6f0b3d5a7c9e1f' })
  clientId: string;
}
