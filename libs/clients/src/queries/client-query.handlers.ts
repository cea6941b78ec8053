import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, existsPerRow, NotFoundError } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { readInstant } from '@app/versioning';
import { ClientTimeline } from '../client.timeline';
import { toClientView } from '../client-view';
import { ClientEntity } from '../entities/client.entity';
import { ClientSnapshotEntity } from '../entities/client-snapshot.entity';
import {
  ClientByOauthIdQuery,
  ClientNamesQuery,
  GetClientQuery,
  GetClientSnapshotQuery,
  ListClientSnapshotsQuery,
  ListClientsQuery,
} from './client.queries';

@QueryHandler(GetClientQuery)
export class GetClientHandler implements IQueryHandler<GetClientQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ClientTimeline,
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
      view: toClientView(snapshot, await this.timeline.setupDefaults(em, setupId, now), undefined, previousValid),
      revision: entity.revision,
    };
  }
}

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
    await this.setups.load(this.dataSource.manager, setupId);
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
    if (page.after) qb.andWhere('c.id > :after', { after: page.after });
    const rows = await qb
      .orderBy('c.id')
      .limit(page.limit + 1)
      .getRawMany<{ id: string }>();
    const clientIds = rows.slice(0, page.limit).map((r) => r.id);
    return { clientIds, nextAfter: rows.length > page.limit ? clientIds[clientIds.length - 1] : null };
  }
}

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
      .where('c.setup_id = :setupId', { setupId });
    this.timeline.whereInForce(qb, 's', 'c.id', this.clock.now());
    const rows = await qb.orderBy('c.id').getRawMany<{ id: string; name: string | null }>();
    return { clientNames: Object.fromEntries(rows.map((r) => [r.id, r.name])) };
  }
}

@QueryHandler(ClientByOauthIdQuery)
export class ClientByOauthIdHandler implements IQueryHandler<ClientByOauthIdQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly setups: SetupTimeline,
  ) {}

  async execute({ setupId, oauthClientId }: ClientByOauthIdQuery) {
    await this.setups.load(this.dataSource.manager, setupId);
    const client = await this.dataSource.getRepository(ClientEntity).findOneBy({ setupId, oauthClientId });
    if (!client)
      throw new NotFoundError('CLIENT_NOT_FOUND', `No client with client_id "${oauthClientId}" exists in this setup.`);
    return { clientId: client.id };
  }
}

@QueryHandler(ListClientSnapshotsQuery)
export class ListClientSnapshotsHandler implements IQueryHandler<ListClientSnapshotsQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ClientTimeline,
  ) {}

  async execute({ setupId, clientId, validAt }: ListClientSnapshotsQuery) {
    const em = this.dataSource.manager;
    await this.timeline.loadInSetup(em, setupId, clientId);
    return { snapshotIds: await this.timeline.snapshotIds(em, clientId, validAt) };
  }
}

@QueryHandler(GetClientSnapshotQuery)
export class GetClientSnapshotHandler implements IQueryHandler<GetClientSnapshotQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ClientTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, clientId, snapshotId }: GetClientSnapshotQuery) {
    const em = this.dataSource.manager;
    const entity = await this.timeline.loadInSetup(em, setupId, clientId);
    const snapshot = await this.timeline.snapshot(em, clientId, snapshotId);
    const now = this.clock.now();
    const state = await this.timeline.stateOf(em, snapshot, now);
    // A scheduled or historical snapshot shows what it inherits (or inherited) while in force.
    const defaults = await this.timeline.setupDefaults(em, setupId, readInstant(snapshot, state, now));
    return { view: toClientView(snapshot, defaults, state), revision: entity.revision };
  }
}
