import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, EventOutbox, instantParam } from '@app/core';
import { inForceCondition } from '@app/versioning';
import { SetupDeletedEvent } from '../../events/setup.events';
import { SetupTimeline } from '../../setup.timeline';
import { DeleteSetupCommand } from './delete-setup.command';

@CommandHandler(DeleteSetupCommand)
export class DeleteSetupHandler implements ICommandHandler<DeleteSetupCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: SetupTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, precondition, actor }: DeleteSetupCommand) {
    const now = this.clock.now();
    await this.events.run(
      async (em) => {
        const entity = await this.timeline.load(em, setupId, { lock: true, precondition });
        const inForce = await this.timeline.inForceAt(em, setupId, now);
        // The foreign keys cascade the delete to the clients and resource servers; they are read first
        // (with the snapshot in force) so that their libraries can announce each deletion. Plain SQL:
        // this library does not know their entities.
        const rows: Array<{
          id: string;
          oauth_client_id: string;
          snapshot_id: string | null;
          valid_from: string | number | null;
        }> = await em
          .createQueryBuilder()
          .select([
            'c.id AS id',
            'c.oauth_client_id AS oauth_client_id',
            's.id AS snapshot_id',
            's.valid_from AS valid_from',
          ])
          .from('client', 'c')
          .leftJoin(
            'client_snapshot',
            's',
            `s.client_id = c.id AND ${inForceCondition('s', 'client_snapshot', 'client_id', 'c.id', 'at')}`,
            { at: instantParam(now) },
          )
          .where('c.setup_id = :setupId', { setupId })
          .getRawMany();
        const servers: Array<{ id: string; snapshot_id: string | null; valid_from: string | number | null }> = await em
          .createQueryBuilder()
          .select(['r.id AS id', 's.id AS snapshot_id', 's.valid_from AS valid_from'])
          .from('resource_server', 'r')
          .leftJoin(
            'resource_server_snapshot',
            's',
            `s.resource_server_id = r.id AND ${inForceCondition('s', 'resource_server_snapshot', 'resource_server_id', 'r.id', 'at')}`,
            { at: instantParam(now) },
          )
          .where('r.setup_id = :setupId', { setupId })
          .getRawMany();
        await this.timeline.remove(em, entity.id, undefined);
        const clients = rows.map((r) => ({
          clientId: r.id,
          oauthClientId: r.oauth_client_id,
          snapshotId: r.snapshot_id,
          validFrom: r.valid_from == null ? null : new Date(Number(r.valid_from)),
        }));
        const resourceServers = servers.map((r) => ({
          resourceServerId: r.id,
          snapshotId: r.snapshot_id,
          validFrom: r.valid_from == null ? null : new Date(Number(r.valid_from)),
        }));
        return { inForce, clients, resourceServers };
      },
      ({ inForce, clients, resourceServers }) =>
        new SetupDeletedEvent(
          setupId,
          inForce?.id ?? null,
          inForce?.validFrom ?? null,
          actor.subject,
          now,
          clients,
          resourceServers,
        ),
    );
  }
}
