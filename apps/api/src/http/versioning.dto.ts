import { ApiProperty } from '@nestjs/swagger';

export const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description:
    'The ETag of the last read; the change is refused with 412 if the resource changed since. "*" matches any.',
};

export class SnapshotIdsDto {
  @ApiProperty({
    type: [String],
    example: ['5d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a'],
    description: 'Oldest valid_from first.',
  })
  snapshotIds: string[];
}
