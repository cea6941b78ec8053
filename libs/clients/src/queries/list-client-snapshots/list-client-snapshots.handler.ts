import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClientTimeline } from '../../client.timeline';
import { ListClientSnapshotsQuery } from './list-client-snapshots.query';

@QueryHandler(ListClientSnapshotsQuery)
export class ListClientSnapshotsHandler implements IQueryHandler<ListClientSnapshotsQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ClientTimeline,
  ) {}

  async execute({ setupId, clientId, validAt, includeDeleted }: ListClientSnapshotsQuery) {
    const em = this.dataSource.manager;
    await this.timeline.loadInSetup(em, setupId, clientId, { includeDeleted });
    return { snapshotIds: await this.timeline.snapshotIds(em, clientId, validAt) };
  }
}
