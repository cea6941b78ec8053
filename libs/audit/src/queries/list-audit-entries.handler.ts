import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { instantParam } from '@app/core';
import { AuditEntryEntity } from '../audit-entry.entity';
import { ListAuditEntriesQuery } from './list-audit-entries.query';

@QueryHandler(ListAuditEntriesQuery)
export class ListAuditEntriesHandler implements IQueryHandler<ListAuditEntriesQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ filter, page }: ListAuditEntriesQuery) {
    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a');
    if (filter.entityId !== undefined) qb.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actor !== undefined) qb.andWhere('a.actor = :actor', { actor: filter.actor });
    if (filter.since) qb.andWhere('a.occurred_at >= :since', { since: instantParam(filter.since) });
    if (filter.until) qb.andWhere('a.occurred_at < :until', { until: instantParam(filter.until) });
    if (page.after) {
      qb.andWhere('(a.occurred_at > :afterAt OR (a.occurred_at = :afterAt AND a.event_id > :afterId))', {
        afterAt: instantParam(page.after.occurredAt),
        afterId: page.after.eventId,
      });
    }
    const rows = await qb
      .orderBy('a.occurred_at', 'ASC')
      .addOrderBy('a.event_id', 'ASC')
      .limit(page.limit + 1)
      .getMany();
    return { entries: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }
}
