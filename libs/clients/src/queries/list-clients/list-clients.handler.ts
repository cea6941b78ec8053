import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, existsPerRow, fixedQuery } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { whereLive } from '@app/versioning';
import { ClientTimeline } from '../../client.timeline';
import { ClientEntity } from '../../entities/client.entity';
import { ClientSnapshotEntity } from '../../entities/client-snapshot.entity';
import { ListClientsQuery } from './list-clients.query';

/**
 * Keyset paging over the internal id within the setup: each page starts after the last id of the
 * previous one, so pages stay stable and cheap however deep the listing goes.
 */
@QueryHandler(ListClientsQuery)
export class ListClientsHandler implements IQueryHandler<ListClientsQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly setups: SetupTimeline,
    private readonly timeline: ClientTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, filter, page }: ListClientsQuery) {
    await this.setups.load(this.dataSource.manager, setupId, { includeDeleted: filter.includeDeleted });
    const qb = this.dataSource
      .getRepository(ClientEntity)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .where('c.setup_id = :setupId', { setupId });
    if (filter.clientId !== undefined)
      qb.andWhere('c.oauth_client_id = :oauthClientId', { oauthClientId: filter.clientId });
    // A per-row EXISTS, not a join: the clients are walked in id order and each is checked once, so a
    // page stops after `limit` matches instead of collecting and de-duplicating every match first.
    const snapshot = qb.subQuery().select('1').from(ClientSnapshotEntity, 's').where('s.client_id = c.id');
    this.timeline.whereInForce(snapshot, 's', 'c.id', filter.validAt ?? this.clock.now());
    if (filter.name !== undefined) snapshot.andWhere('s.name = :name', { name: filter.name });
    if (filter.owner !== undefined) snapshot.andWhere('s.owner = :owner', { owner: filter.owner });
    this.timeline.whereMetadata(snapshot, 's', filter.metadata ?? []);
    qb.andWhere(existsPerRow(snapshot));
    whereLive(qb, 'c', filter.includeDeleted);
    if (page.after) qb.andWhere('c.id > :after', { after: page.after });
    // The same text for every page of the same filters and size: a named prepared statement on PostgreSQL,
    // planned once per connection rather than on every page. The page size stays a literal, as the
    // planner needs it to choose walking the clients in id order.
    const [text, values] = qb
      .orderBy('c.id')
      .limit(page.limit + 1)
      .getQueryAndParameters();
    const rows = await fixedQuery<{ id: string }>(this.dataSource.manager, text, values);
    const clientIds = rows.slice(0, page.limit).map((r) => r.id);
    return { clientIds, nextAfter: rows.length > page.limit ? clientIds[clientIds.length - 1] : null };
  }
}
