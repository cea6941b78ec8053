import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { readInstant, withDeletion } from '@app/versioning';
import { ClientPolicy } from '../../client-policy';
import { ClientTimeline } from '../../client.timeline';
import { toClientView } from '../../client-view';
import { GetClientSnapshotQuery } from './get-client-snapshot.query';

@QueryHandler(GetClientSnapshotQuery)
export class GetClientSnapshotHandler implements IQueryHandler<GetClientSnapshotQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ClientTimeline,
    private readonly policy: ClientPolicy,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, clientId, snapshotId }: GetClientSnapshotQuery) {
    const em = this.dataSource.manager;
    // The snapshots of a deleted client stay readable by id, until the retention purges them.
    const entity = await this.timeline.loadInSetup(em, setupId, clientId, { includeDeleted: true });
    const snapshot = await this.timeline.snapshot(em, clientId, snapshotId);
    const now = this.clock.now();
    const state = await this.timeline.stateOf(em, snapshot, now);
    // A scheduled or historical snapshot shows what it inherits (or inherited) while in force.
    const defaults = await this.policy.setupDefaults(em, setupId, readInstant(snapshot, state, now));
    return { view: withDeletion(toClientView(snapshot, defaults, state), entity), revision: entity.revision };
  }
}
