import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { ResourceServerTimeline } from '../../resource-server.timeline';
import { toResourceServerView } from '../../resource-server-view';
import { GetResourceServerQuery } from './get-resource-server.query';

@QueryHandler(GetResourceServerQuery)
export class GetResourceServerHandler implements IQueryHandler<GetResourceServerQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ResourceServerTimeline,
    private readonly setups: SetupTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, resourceServerId }: GetResourceServerQuery) {
    const em = this.dataSource.manager;
    const now = this.clock.now();
    const entity = await this.timeline.loadInSetup(em, setupId, resourceServerId);
    const snapshot = await this.timeline.activeOrThrow(em, resourceServerId, now);
    return {
      view: toResourceServerView(
        snapshot,
        (await this.setups.inForceAt(em, setupId, now))?.content.resource_server_defaults,
      ),
      revision: entity.revision,
    };
  }
}
