import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ClientRead } from '../../../client-view';
import { GetClientQuery } from '../../../queries/get-client/get-client.query';
import { RegistrationGate } from '../../registration-gate';
import { GetRegisteredClientQuery } from './get-registered-client.query';

@QueryHandler(GetRegisteredClientQuery)
export class GetRegisteredClientHandler implements IQueryHandler<GetRegisteredClientQuery> {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly gate: RegistrationGate,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ setupId, clientId, token }: GetRegisteredClientQuery): Promise<ClientRead> {
    await this.gate.authenticate(this.dataSource.manager, setupId, clientId, token);
    return this.queryBus.execute(new GetClientQuery(setupId, clientId));
  }
}
