import { ApiProperty } from '@nestjs/swagger';

export class ClientIdsDto {
  @ApiProperty({ type: [String], example: ['9f0c3a7e5b1d4c2a8e6f0b3d5a7c9e1f'] })
  clientIds: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Cursor of the next page (pass it as ?cursor=); null on the last page.',
  })
  next: string | null;
}
