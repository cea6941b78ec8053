import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { withDeletion } from '@app/versioning';
import { SetupTimeline } from '../../setup.timeline';
import { toSetupView } from '../../setup-view';
import { GetSetupSnapshotQuery } from './get-setup-snapshot.query';

@QueryHandler(GetSetupSnapshotQuery)
export class GetSetupSnapshotHandler implements IQueryHandler<GetSetupSnapshotQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: SetupTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, snapshotId }: GetSetupSnapshotQuery) {
    const em = this.dataSource.manager;
    // The snapshots of a deleted setup stay readable by id, until the retention purges them.
    const entity = await this.timeline.load(em, setupId, { includeDeleted: true });
    const snapshot = await this.timeline.snapshot(em, setupId, snapshotId);
    const view = toSetupView(snapshot, await this.timeline.stateOf(em, snapshot, this.clock.now()));
    return { view: withDeletion(view, entity), revision: entity.revision };
  }
}
