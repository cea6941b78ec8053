import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, existsPerRow } from '@app/core';
import { whereLive } from '@app/versioning';
import { SetupEntity } from '../../entities/setup.entity';
import { SetupSnapshotEntity } from '../../entities/setup-snapshot.entity';
import { SetupTimeline } from '../../setup.timeline';
import { ListSetupsQuery } from './list-setups.query';

@QueryHandler(ListSetupsQuery)
export class ListSetupsHandler implements IQueryHandler<ListSetupsQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: SetupTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ filter }: ListSetupsQuery) {
    const qb = this.dataSource.getRepository(SetupEntity).createQueryBuilder('e').select('e.id', 'setup_id');
    // Filters apply to the snapshot in force at validAt, not to any past or future one.
    const snapshot = qb.subQuery().select('1').from(SetupSnapshotEntity, 's').where('s.setup_id = e.id');
    this.timeline.whereInForce(snapshot, 's', 'e.id', filter.validAt ?? this.clock.now());
    if (filter.name !== undefined) snapshot.andWhere('s.name = :name', { name: filter.name });
    if (filter.owner !== undefined) snapshot.andWhere('s.owner = :owner', { owner: filter.owner });
    this.timeline.whereMetadata(snapshot, 's', filter.metadata ?? []);
    qb.where(existsPerRow(snapshot));
    whereLive(qb, 'e', filter.includeDeleted);
    const rows = await qb.orderBy('e.id').getRawMany<{ setup_id: string }>();
    return { setupIds: rows.map((r) => r.setup_id) };
  }
}
