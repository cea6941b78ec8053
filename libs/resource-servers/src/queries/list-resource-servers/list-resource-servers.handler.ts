import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, existsPerRow } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { whereLive } from '@app/versioning';
import { ResourceServerEntity } from '../../entities/resource-server.entity';
import { ResourceServerSnapshotEntity } from '../../entities/resource-server-snapshot.entity';
import { ResourceServerTimeline } from '../../resource-server.timeline';
import { ListResourceServersQuery } from './list-resource-servers.query';

@QueryHandler(ListResourceServersQuery)
export class ListResourceServersHandler implements IQueryHandler<ListResourceServersQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ResourceServerTimeline,
    private readonly setups: SetupTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, filter }: ListResourceServersQuery) {
    await this.setups.load(this.dataSource.manager, setupId, { includeDeleted: filter.includeDeleted });
    const qb = this.dataSource
      .getRepository(ResourceServerEntity)
      .createQueryBuilder('e')
      .select('e.id', 'resource_server_id')
      .where('e.setup_id = :setupId', { setupId });
    // Filters apply to the snapshot in force at validAt, not to any past or future one.
    const snapshot = qb
      .subQuery()
      .select('1')
      .from(ResourceServerSnapshotEntity, 's')
      .where('s.resource_server_id = e.id');
    this.timeline.whereInForce(snapshot, 's', 'e.id', filter.validAt ?? this.clock.now());
    if (filter.name !== undefined) snapshot.andWhere('s.name = :name', { name: filter.name });
    if (filter.owner !== undefined) snapshot.andWhere('s.owner = :owner', { owner: filter.owner });
    this.timeline.whereMetadata(snapshot, 's', filter.metadata ?? []);
    whereLive(qb, 'e', filter.includeDeleted);
    const rows = await qb.andWhere(existsPerRow(snapshot)).orderBy('e.id').getRawMany<{ resource_server_id: string }>();
    return { resourceServerIds: rows.map((r) => r.resource_server_id) };
  }
}
