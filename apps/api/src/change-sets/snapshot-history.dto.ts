import { ApiProperty } from '@nestjs/swagger';
import { InstantField } from '../http/validators';

export class RestoreSnapshotDto {
  @InstantField({
    example: '2026-12-01T08:00:00Z',
    description: 'When the restored content takes effect; absent or past: now.',
  })
  valid_from?: string;
}

export class SnapshotDiffDto {
  @ApiProperty({ example: '5d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a' })
  from: string;

  @ApiProperty({ example: '9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d' })
  to: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: [{ op: 'replace', path: '/redirect_uris/0', value: 'https://new.example.com/cb' }],
    description:
      'RFC 6902 JSON Patch from the body of `from` to that of `to`: the values each snapshot sets itself (inherited ones left out); a secret is never shown, only client_secret: {"keep": true} where one is set.',
  })
  patch: object[];
}
