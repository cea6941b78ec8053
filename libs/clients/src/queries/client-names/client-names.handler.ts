import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { ClientTimeline } from '../../client.timeline';
import { ClientEntity } from '../../entities/client.entity';
import { ClientSnapshotEntity } from '../../entities/client-snapshot.entity';
import { ClientNamesQuery } from './client-names.query';

@QueryHandler(ClientNamesQuery)
export class ClientNamesHandler implements IQueryHandler<ClientNamesQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly setups: SetupTimeline,
    private readonly timeline: ClientTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId }: ClientNamesQuery) {
    await this.setups.load(this.dataSource.manager, setupId);
    const qb = this.dataSource
      .getRepository(ClientEntity)
      .createQueryBuilder('c')
      .innerJoin(ClientSnapshotEntity, 's', 's.client_id = c.id')
      .select(['c.id AS id', 's.name AS name'])
      .where('c.setup_id = :setupId AND c.deleted_at IS NULL', { setupId });
    this.timeline.whereInForce(qb, 's', 'c.id', this.clock.now());
    const rows = await qb.orderBy('c.id').getRawMany<{ id: string; name: string | null }>();
    return { clientNames: Object.fromEntries(rows.map((r) => [r.id, r.name])) };
  }
}
