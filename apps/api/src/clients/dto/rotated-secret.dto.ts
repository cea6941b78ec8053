import { ApiProperty } from '@nestjs/swagger';

export class RotatedSecretDto {
  @ApiProperty({
    example: 'hE3n0e9Q0m0wq1yq4jY7Z4c5d6e7f8g9h0i1j2k3l4m',
    description: 'The new secret, in force at once; shown this once.',
  })
  client_secret: string;

  @ApiProperty({
    format: 'date-time',
    example: '2026-11-27T08:00:00.000Z',
    description: 'Until when the replaced secret is still accepted.',
  })
  previous_client_secret_valid_until: string;
}
