import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ResourceServerTimeline } from '../../resource-server.timeline';
import { ListResourceServerSnapshotsQuery } from './list-resource-server-snapshots.query';

@QueryHandler(ListResourceServerSnapshotsQuery)
export class ListResourceServerSnapshotsHandler implements IQueryHandler<ListResourceServerSnapshotsQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ResourceServerTimeline,
  ) {}

  async execute({ setupId, resourceServerId, validAt, includeDeleted }: ListResourceServerSnapshotsQuery) {
    const em = this.dataSource.manager;
    await this.timeline.loadInSetup(em, setupId, resourceServerId, { includeDeleted });
    return { snapshotIds: await this.timeline.snapshotIds(em, resourceServerId, validAt) };
  }
}
