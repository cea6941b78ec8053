import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Clock, NotYetValidError } from '@app/core';
import { GetSetupSnapshotQuery, ListSetupSnapshotsQuery } from '@app/setups';
import type { Body } from '../../export-form';
import { SetupStateReader } from '../../setup-state.reader';
import { ExportSetupQuery, type SetupDocument } from './export-setup.query';

/**
 * The setup with its resource servers and clients in force at the instant, as one document: bodies
 * only (no ids, no instants, no secrets), members in code-point order, resource servers by name and
 * clients by client_id, so that two exports of one state are the same bytes.
 */
@QueryHandler(ExportSetupQuery)
export class ExportSetupHandler implements IQueryHandler<ExportSetupQuery> {
  constructor(
    private readonly reader: SetupStateReader,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, validAt }: ExportSetupQuery): Promise<SetupDocument> {
    const state = await this.reader.read(setupId, validAt ?? this.clock.now());
    if (!state.setup.body) {
      const [first] = (await this.queries.execute(new ListSetupSnapshotsQuery(setupId))).snapshotIds;
      const { view } = await this.queries.execute(new GetSetupSnapshotQuery(setupId, first));
      throw new NotYetValidError('setup', new Date(view.valid_from));
    }
    const inForce = (list: Array<{ body: Body | null }>) => list.flatMap((e) => (e.body ? [e.body] : []));
    return {
      setup: state.setup.body,
      resource_servers: inForce(state.resourceServers),
      clients: inForce(state.clients),
    };
  }
}
