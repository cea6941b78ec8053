import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, newId } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { InitialAccessTokenEntity, toInitialAccessTokenView } from '../../entities/initial-access-token.entity';
import { hashToken, newBearerToken } from '../../registration-token';
import {
  IssueInitialAccessTokenCommand,
  type IssueInitialAccessTokenResult,
} from './issue-initial-access-token.command';

@CommandHandler(IssueInitialAccessTokenCommand)
export class IssueInitialAccessTokenHandler implements ICommandHandler<IssueInitialAccessTokenCommand> {
  constructor(
    private readonly setups: SetupTimeline,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: IssueInitialAccessTokenCommand): Promise<IssueInitialAccessTokenResult> {
    const now = this.clock.now();
    await this.setups.load(this.dataSource.manager, command.setupId);
    const token = newBearerToken();
    const entity = Object.assign(new InitialAccessTokenEntity(), {
      id: newId(),
      setupId: command.setupId,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + command.expiresInSeconds * 1000),
      maxUses: command.maxUses,
      uses: 0,
      description: command.description ?? null,
      createdBy: command.actor.subject,
      createdAt: now,
    });
    await this.dataSource.getRepository(InitialAccessTokenEntity).insert(entity);
    return { ...toInitialAccessTokenView(entity, now), token };
  }
}
