import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, instantParam } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { assertMaySee } from '../../consent-access';
import { toConsentView } from '../../consent-view';
import { PersistedConsentEntity } from '../../persisted-consent.entity';
import { ListConsentsQuery } from './list-consents.query';

/**
 * The consents of a setup, newest first, without the expired ones (the scheduler purges those). A user
 * sees only its own: without a `user` filter, its own are listed.
 */
@QueryHandler(ListConsentsQuery)
export class ListConsentsHandler implements IQueryHandler<ListConsentsQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly setups: SetupTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, filter, page, viewer }: ListConsentsQuery) {
    assertMaySee(viewer, filter.user);
    const user = viewer.all ? filter.user : viewer.subject;
    await this.setups.load(this.dataSource.manager, setupId);
    const qb = this.dataSource
      .getRepository(PersistedConsentEntity)
      .createQueryBuilder('p')
      .where('p.setup_id = :setupId', { setupId })
      .andWhere('(p.expiration IS NULL OR p.expiration > :now)', { now: instantParam(this.clock.now()) });
    if (filter.clientId !== undefined) qb.andWhere('p.client_id = :clientId', { clientId: filter.clientId });
    if (user !== undefined) qb.andWhere('p.subject = :user', { user });
    const [rows, total] = await qb
      .orderBy('p.issue_date', 'DESC')
      .addOrderBy('p.id', 'ASC')
      .skip(page.page * page.size)
      .take(page.size)
      .getManyAndCount();
    return { consents: rows.map(toConsentView), total };
  }
}
