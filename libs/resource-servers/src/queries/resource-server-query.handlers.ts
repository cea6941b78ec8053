import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, existsPerRow } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { readInstant } from '@app/versioning';
import { ResourceServerEntity } from '../entities/resource-server.entity';
import { ResourceServerSnapshotEntity } from '../entities/resource-server-snapshot.entity';
import { ResourceServerTimeline } from '../resource-server.timeline';
import { toResourceServerView } from '../resource-server-view';
import {
  GetResourceServerQuery,
  GetResourceServerSnapshotQuery,
  ListResourceServerSnapshotsQuery,
  ListResourceServersQuery,
} from './resource-server.queries';

async function setupDefaults(setups: SetupTimeline, em: EntityManager, setupId: string, at: Date) {
  return (await setups.inForceAt(em, setupId, at))?.content.resource_server_defaults;
}

@QueryHandler(GetResourceServerQuery)
export class GetResourceServerHandler implements IQueryHandler<GetResourceServerQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ResourceServerTimeline,
    private readonly setups: SetupTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, resourceServerId }: GetResourceServerQuery) {
    const em = this.dataSource.manager;
    const now = this.clock.now();
    const entity = await this.timeline.loadInSetup(em, setupId, resourceServerId);
    const snapshot = await this.timeline.activeOrThrow(em, resourceServerId, now);
    return {
      view: toResourceServerView(snapshot, await setupDefaults(this.setups, em, setupId, now)),
      revision: entity.revision,
    };
  }
}

@QueryHandler(ListResourceServersQuery)
export class ListResourceServersHandler implements IQueryHandler<ListResourceServersQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ResourceServerTimeline,
    private readonly setups: SetupTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, filter }: ListResourceServersQuery) {
    await this.setups.load(this.dataSource.manager, setupId);
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
    const rows = await qb.andWhere(existsPerRow(snapshot)).orderBy('e.id').getRawMany<{ resource_server_id: string }>();
    return { resourceServerIds: rows.map((r) => r.resource_server_id) };
  }
}

@QueryHandler(ListResourceServerSnapshotsQuery)
export class ListResourceServerSnapshotsHandler implements IQueryHandler<ListResourceServerSnapshotsQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ResourceServerTimeline,
  ) {}

  async execute({ setupId, resourceServerId, validAt }: ListResourceServerSnapshotsQuery) {
    const em = this.dataSource.manager;
    await this.timeline.loadInSetup(em, setupId, resourceServerId);
    return { snapshotIds: await this.timeline.snapshotIds(em, resourceServerId, validAt) };
  }
}

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
    const entity = await this.timeline.loadInSetup(em, setupId, resourceServerId);
    const snapshot = await this.timeline.snapshot(em, resourceServerId, snapshotId);
    const state = await this.timeline.stateOf(em, snapshot, now);
    const defaults = await setupDefaults(this.setups, em, setupId, readInstant(snapshot, state, now));
    return { view: toResourceServerView(snapshot, defaults, state), revision: entity.revision };
  }
}
