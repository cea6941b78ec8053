import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SetupTimeline } from '@app/setups';
import { InitialAccessTokenEntity } from '../../entities/initial-access-token.entity';
import { initialAccessTokenNotFound } from '../../registration.errors';
import { RevokeInitialAccessTokenCommand } from './revoke-initial-access-token.command';

@CommandHandler(RevokeInitialAccessTokenCommand)
export class RevokeInitialAccessTokenHandler implements ICommandHandler<RevokeInitialAccessTokenCommand> {
  constructor(
    private readonly setups: SetupTimeline,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ setupId, tokenId }: RevokeInitialAccessTokenCommand): Promise<void> {
    await this.setups.load(this.dataSource.manager, setupId);
    const result = await this.dataSource.getRepository(InitialAccessTokenEntity).delete({ id: tokenId, setupId });
    if (!result.affected) throw initialAccessTokenNotFound(tokenId);
  }
}
