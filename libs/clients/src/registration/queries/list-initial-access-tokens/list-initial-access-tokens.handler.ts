import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { SetupTimeline } from '@app/setups';
import {
  InitialAccessTokenEntity,
  type InitialAccessTokenView,
  toInitialAccessTokenView,
} from '../../entities/initial-access-token.entity';
import { ListInitialAccessTokensQuery } from './list-initial-access-tokens.query';

@QueryHandler(ListInitialAccessTokensQuery)
export class ListInitialAccessTokensHandler implements IQueryHandler<ListInitialAccessTokensQuery> {
  constructor(
    private readonly setups: SetupTimeline,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ setupId }: ListInitialAccessTokensQuery): Promise<InitialAccessTokenView[]> {
    await this.setups.load(this.dataSource.manager, setupId);
    const now = this.clock.now();
    const rows = await this.dataSource
      .getRepository(InitialAccessTokenEntity)
      .find({ where: { setupId }, order: { createdAt: 'DESC', id: 'ASC' } });
    return rows.map((row) => toInitialAccessTokenView(row, now));
  }
}
