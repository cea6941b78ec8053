import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { NotFoundError } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { ClientEntity } from '../../entities/client.entity';
import { ClientByOauthIdQuery } from './client-by-oauth-id.query';

@QueryHandler(ClientByOauthIdQuery)
export class ClientByOauthIdHandler implements IQueryHandler<ClientByOauthIdQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly setups: SetupTimeline,
  ) {}

  async execute({ setupId, oauthClientId }: ClientByOauthIdQuery) {
    await this.setups.load(this.dataSource.manager, setupId);
    const client = await this.dataSource
      .getRepository(ClientEntity)
      .findOneBy({ setupId, oauthClientId, deletedAt: IsNull() });
    if (!client)
      throw new NotFoundError('CLIENT_NOT_FOUND', `No client with client_id "${oauthClientId}" exists in this setup.`);
    return { clientId: client.id };
  }
}
