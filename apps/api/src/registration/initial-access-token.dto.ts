import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IntegerField, StringField } from '../http/validators';

/** The body of POST .../initial-access-tokens. */
export class IssueInitialAccessTokenDto {
  @IntegerField({
    minimum: 1,
    maximum: 31_536_000,
    example: 86400,
    description: 'Seconds until the token expires (at most a year); default 86400 (a day).',
  })
  expires_in?: number;

  @IntegerField({
    minimum: 1,
    maximum: 1_000_000,
    example: 10,
    description: 'How many registrations the token may make; default 1.',
  })
  max_uses?: number;

  @StringField({ maxLength: 255, example: 'Onboarding of the partner apps, November' })
  description?: string;
}

export class InitialAccessTokenDto {
  @ApiProperty({ example: '7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a' })
  id: string;

  @ApiPropertyOptional({ example: 'Onboarding of the partner apps, November' })
  description?: string;

  @ApiProperty({ example: '2026-12-01T08:00:00.000Z', format: 'date-time' })
  expires_at: string;

  @ApiProperty({ example: 10 })
  max_uses: number;

  @ApiProperty({ example: 3, description: 'Registrations made with it so far (never above max_uses).' })
  uses: number;

  @ApiProperty({ enum: ['usable', 'expired', 'used_up'] })
  state: string;

  @ApiProperty({ example: '2026-11-30T08:00:00.000Z', format: 'date-time' })
  created_at: string;

  @ApiProperty({ example: 'security-admin' })
  created_by: string;
}

export class IssuedInitialAccessTokenDto extends InitialAccessTokenDto {
  @ApiProperty({
    example: 'hE3n0e9Q0m0wq1yq4jY7Z4c5d6e7f8g9h0i1j2k3l4m',
    description:
      'The token (Authorization: Bearer <token> on the registration endpoint), shown this once; only its SHA-256 is kept.',
  })
  token: string;
}

export class InitialAccessTokensDto {
  @ApiProperty({ type: [InitialAccessTokenDto] })
  initialAccessTokens: InitialAccessTokenDto[];
}
