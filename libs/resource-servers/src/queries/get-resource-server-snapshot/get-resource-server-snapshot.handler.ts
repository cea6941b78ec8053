import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { readInstant, withDeletion } from '@app/versioning';
import { ResourceServerTimeline } from '../../resource-server.timeline';
import { toResourceServerView } from '../../resource-server-view';
import { GetResourceServerSnapshotQuery } from './get-resource-server-snapshot.query';

@QueryHandler(GetResourceServerSnapshotQuery)
export class GetResourceServerSnapshotHandler implements IQueryHandler<GetResourceServerSnapshotQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ResourceServerTimeline,
    private readonly setups: SetupTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, resourceServerId, snapshotId }: GetResourceServerSnapshotQuery) {
    const em = this.dataSource.manager;
    const now = this.clock.now();
    // The snapshots of a deleted resource server stay readable by id, until the retention purges them.
    const entity = await this.timeline.loadInSetup(em, setupId, resourceServerId, { includeDeleted: true });
    const snapshot = await this.timeline.snapshot(em, resourceServerId, snapshotId);
    const state = await this.timeline.stateOf(em, snapshot, now);
    const defaults = (await this.setups.inForceAt(em, setupId, readInstant(snapshot, state, now)))?.content
      .resource_server_defaults;
    return {
      view: withDeletion(toResourceServerView(snapshot, defaults, state), entity),
      revision: entity.revision,
    };
  }
}
