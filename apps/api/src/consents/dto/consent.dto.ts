import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { SCOPE_TOKEN, StringArrayField } from '../../http/validators';

/** The body of PUT .../persisted-consent: the scopes the user consented to (replacing any earlier consent). */
export class RecordConsentDto {
  static readonly problemCode = 'INVALID_REQUEST';

  @StringArrayField(
    {
      required: true,
      minItems: 1,
      maxItems: 1000,
      unique: true,
      example: ['openid', 'accounts:read'],
      description: 'Scope tokens the client asks for (in force now).',
    },
    Matches(SCOPE_TOKEN, { each: true, message: '$property must hold RFC 6749 scope tokens' }),
  )
  scopes: string[];
}

export class ConsentDto {
  @ApiProperty({ example: 'alice', description: 'The user (subject) who consented.' })
  user: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T08:00:00.000Z' })
  issue_date: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: "issue_date plus the client's effective persisted_consent_ttl; null when none is set.",
  })
  expiration: string | null;

  @ApiProperty({ example: 'online-banking', description: 'The OAuth client_id.' })
  client_id: string;

  @ApiProperty({ example: '9f0c3a7e5b1d4c2a8e6f0b3d5a7c9e1f', description: "The client's internal id." })
  entity_id: string;

  @ApiProperty({ type: [String], example: ['openid', 'accounts:read'] })
  scopes: string[];
}
