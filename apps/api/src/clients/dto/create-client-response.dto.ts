import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CreateClientResponseDto {
  @ApiProperty({
    example: '9f0c3a7e5b1d4c2a8e6f0b3d5a7c9e1f',
    description: 'Internal id of the new client (not the OAuth client_id); use it in paths.',
  })
  clientId: string;

  @ApiPropertyOptional({
    example: 'c4a1e9d2b7f34c6a8d0e5f1a2b3c4d5e',
    description: 'The OAuth client_id, when the server generated it or the secret.',
  })
  client_id?: string;

  @ApiPropertyOptional({
    example: 'hE3n0e9Q0m0wq1yq4jY7Z4c5d6e7f8g9h0i1j2k3l4m',
    description: 'The generated secret, shown this once. Only present when the server generated it.',
  })
  client_secret?: string;
}
