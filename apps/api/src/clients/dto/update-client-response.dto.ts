import { ApiPropertyOptional } from '@nestjs/swagger';
import { ClientViewDto } from './client-view.dto';

export class UpdateClientResponseDto extends ClientViewDto {
  @ApiPropertyOptional({
    description: 'Only when the change needed a secret and the server generated it: shown this once.',
  })
  client_secret?: string;
}
