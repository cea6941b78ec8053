import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetClientSnapshotQuery, ListClientSnapshotsQuery, ListClientsQuery } from '@app/clients';
import {
  GetResourceServerSnapshotQuery,
  ListResourceServerSnapshotsQuery,
  ListResourceServersQuery,
} from '@app/resource-servers';
import { GetSetupSnapshotQuery, ListSetupSnapshotsQuery } from '@app/setups';
import { byCodePoint } from '@app/core';
import { type Body, clientBody, resourceServerBody, setupBody } from './export-form';

/** One entity of the setup: its document key, and its body in force at the instant (null: not in force then). */
export interface EntityState {
  id: string;
  key: string;
  revision: number;
  body: Body | null;
}

/** A setup with everything in it, as in force at one instant, in document form. */
export interface SetupState {
  setupId: string;
  at: Date;
  setup: { revision: number; body: Body | null };
  resourceServers: EntityState[];
  clients: EntityState[];
}

const CLIENT_PAGE = 1000;

/** Reads a setup's state through the libraries' own queries (their public API). */
@Injectable()
export class SetupStateReader {
  constructor(private readonly queries: QueryBus) {}

  async read(setupId: string, at: Date): Promise<SetupState> {
    const [setupSnapshot] = (await this.queries.execute(new ListSetupSnapshotsQuery(setupId, at))).snapshotIds;
    const setup = setupSnapshot
      ? await this.queries.execute(new GetSetupSnapshotQuery(setupId, setupSnapshot))
      : { view: null, revision: 0 };
    const resourceServers: EntityState[] = [];
    const { resourceServerIds } = await this.queries.execute(new ListResourceServersQuery(setupId, { validAt: 'any' }));
    for (const id of resourceServerIds) resourceServers.push(await this.resourceServer(setupId, id, at));
    const clients: EntityState[] = [];
    for (let after: string | undefined, more = true; more;) {
      const page = await this.queries.execute(
        new ListClientsQuery(setupId, { validAt: 'any' }, { limit: CLIENT_PAGE, after }),
      );
      for (const id of page.clientIds) {
        const client = await this.client(setupId, id, at);
        if (client) clients.push(client);
      }
      after = page.nextAfter ?? undefined;
      more = page.nextAfter !== null;
    }
    const byKey = (a: EntityState, b: EntityState) => byCodePoint(a.key, b.key) || byCodePoint(a.id, b.id);
    return {
      setupId,
      at,
      setup: { revision: setup.revision, body: setup.view ? setupBody(setup.view) : null },
      resourceServers: resourceServers.sort(byKey),
      clients: clients.sort(byKey),
    };
  }

  private async resourceServer(setupId: string, id: string, at: Date): Promise<EntityState> {
    const [inForce] = (await this.queries.execute(new ListResourceServerSnapshotsQuery(setupId, id, at))).snapshotIds;
    const snapshotId =
      inForce ?? (await this.queries.execute(new ListResourceServerSnapshotsQuery(setupId, id))).snapshotIds.at(-1)!;
    const { view, revision } = await this.queries.execute(new GetResourceServerSnapshotQuery(setupId, id, snapshotId));
    return { id, key: view.name ?? '', revision, body: inForce ? resourceServerBody(view) : null };
  }

  /**
   * Null for a self-registered client (owned by `client:<client_id>`): it manages itself through RFC
   * 7592, so a document neither exports, changes nor prunes it.
   */
  private async client(setupId: string, id: string, at: Date): Promise<EntityState | null> {
    const [inForce] = (await this.queries.execute(new ListClientSnapshotsQuery(setupId, id, at))).snapshotIds;
    const snapshotId =
      inForce ?? (await this.queries.execute(new ListClientSnapshotsQuery(setupId, id))).snapshotIds.at(-1)!;
    const { view, revision } = await this.queries.execute(new GetClientSnapshotQuery(setupId, id, snapshotId));
    if (view.owner === `client:${view.client_id}`) return null;
    return { id, key: view.client_id ?? '', revision, body: inForce ? clientBody(view) : null };
  }
}
