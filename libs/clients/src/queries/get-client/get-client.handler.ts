import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { ClientPolicy } from '../../client-policy';
import { ClientTimeline } from '../../client.timeline';
import { toClientView } from '../../client-view';
import { GetClientQuery } from './get-client.query';

@QueryHandler(GetClientQuery)
export class GetClientHandler implements IQueryHandler<GetClientQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ClientTimeline,
    private readonly policy: ClientPolicy,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, clientId }: GetClientQuery) {
    const em = this.dataSource.manager;
    const entity = await this.timeline.loadInSetup(em, setupId, clientId);
    const now = this.clock.now();
    const snapshot = await this.timeline.activeOrThrow(em, clientId, now);
    const previousValid =
      entity.previousSecretExpiresAt && entity.previousSecretExpiresAt > now ? entity.previousSecretExpiresAt : null;
    return {
      view: toClientView(snapshot, await this.policy.setupDefaults(em, setupId, now), undefined, previousValid),
      revision: entity.revision,
    };
  }
}
