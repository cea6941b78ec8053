import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';

/**
 * A member that reads return and a body may carry back unchanged (GET, edit, PUT what was read): accepted
 * in any shape and ignored. Ids come from the path; states and snapshot ids are the registry's to set.
 */
export function ReadOnlyMember(description: string) {
  return applyDecorators(
    ApiPropertyOptional({ readOnly: true, description: `${description} Read-only: accepted in a body and ignored.` }),
    Allow(),
  );
}
