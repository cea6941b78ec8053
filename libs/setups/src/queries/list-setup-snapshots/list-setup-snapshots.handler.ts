import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SetupTimeline } from '../../setup.timeline';
import { ListSetupSnapshotsQuery } from './list-setup-snapshots.query';

@QueryHandler(ListSetupSnapshotsQuery)
export class ListSetupSnapshotsHandler implements IQueryHandler<ListSetupSnapshotsQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: SetupTimeline,
  ) {}

  async execute({ setupId, validAt, includeDeleted }: ListSetupSnapshotsQuery) {
    const em = this.dataSource.manager;
    await this.timeline.load(em, setupId, { includeDeleted });
    return { snapshotIds: await this.timeline.snapshotIds(em, setupId, validAt) };
  }
}
