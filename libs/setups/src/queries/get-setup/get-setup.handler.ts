import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { SetupTimeline } from '../../setup.timeline';
import { toSetupView } from '../../setup-view';
import { GetSetupQuery } from './get-setup.query';

@QueryHandler(GetSetupQuery)
export class GetSetupHandler implements IQueryHandler<GetSetupQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: SetupTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId }: GetSetupQuery) {
    const em = this.dataSource.manager;
    const entity = await this.timeline.load(em, setupId);
    const snapshot = await this.timeline.activeOrThrow(em, setupId, this.clock.now());
    return { view: toSetupView(snapshot), revision: entity.revision };
  }
}
