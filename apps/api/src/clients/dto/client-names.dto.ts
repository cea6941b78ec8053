import { ApiProperty } from '@nestjs/swagger';

export class ClientNamesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    example: { '9f0c3a7e5b1d4c2a8e6f0b3d5a7c9e1f': 'Online banking' },
  })
  clientNames: Record<string, string | null>;
}
