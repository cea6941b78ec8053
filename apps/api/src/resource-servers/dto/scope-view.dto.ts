import { ApiProperty } from '@nestjs/swagger';
import { ScopeDto } from './scope.dto';

export class ScopeViewDto extends ScopeDto {
  @ApiProperty({
    type: [String],
    example: ['policy_refresh_token'],
    description:
      "The policies this scope leaves out, shown with the value it inherits (the setup's resource_server_defaults, else the built-in default).",
  })
  declare inherited: string[];
}
