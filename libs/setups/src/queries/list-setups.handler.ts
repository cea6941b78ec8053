import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, instantParam } from '@app/core';
import { SetupSnapshotEntity } from '../entities/setup-snapshot.entity';
import { ListSetupsQuery } from './list-setups.query';

@QueryHandler(ListSetupsQuery)
export class ListSetupsHandler implements IQueryHandler<ListSetupsQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute({ filter }: ListSetupsQuery) {
    const qb = this.dataSource.getRepository(SetupSnapshotEntity).createQueryBuilder('s').select('DISTINCT s.setup_id', 'setup_id');
    const validAt = filter.validAt ?? this.clock.now();
    if (validAt !== 'any') {
      // Filters apply to the snapshot in force at that instant, not to any past or future one.
      qb.where(
        's.valid_from = (SELECT MAX(l.valid_from) FROM setup_snapshot l WHERE l.setup_id = s.setup_id AND l.valid_from <= :at)',
        { at: instantParam(validAt) },
      );
    }
    if (filter.name !== undefined) qb.andWhere('s.name = :name', { name: filter.name });
    if (filter.owner !== undefined) qb.andWhere('s.owner = :owner', { owner: filter.owner });
    const rows = await qb.orderBy('s.setup_id').getRawMany<{ setup_id: string }>();
    return { setupIds: rows.map((r) => r.setup_id) };
  }
}
