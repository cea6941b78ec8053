import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ClientDefinition, UpdateClientCommand } from '@app/clients';
import { type ResourceServerDefinition, UpdateResourceServerCommand } from '@app/resource-servers';
import { type SetupDefinition, UpdateSetupCommand } from '@app/setups';
import { SnapshotBodies } from '../../snapshot-bodies';
import { RestoreSnapshotCommand, type RestoreResult } from './restore-snapshot.command';

@CommandHandler(RestoreSnapshotCommand)
export class RestoreSnapshotHandler implements ICommandHandler<RestoreSnapshotCommand> {
  constructor(
    private readonly bodies: SnapshotBodies,
    private readonly commands: CommandBus,
  ) {}

  async execute({
    entity,
    snapshotId,
    validFrom,
    precondition,
    force,
    actor,
  }: RestoreSnapshotCommand): Promise<RestoreResult> {
    const { client_secret: _secret, ...body } = await this.bodies.body(entity, snapshotId);
    const options = { validFrom, precondition };
    const { setupId, entityId } = entity;
    if (entity.kind === 'setup')
      return this.commands.execute(new UpdateSetupCommand(setupId, body as SetupDefinition, options, actor, force));
    if (entity.kind === 'resource_server') {
      return this.commands.execute(
        new UpdateResourceServerCommand(
          setupId,
          entityId,
          body as unknown as ResourceServerDefinition,
          options,
          force,
          actor,
        ),
      );
    }
    return this.commands.execute(
      new UpdateClientCommand(setupId, entityId, body as unknown as ClientDefinition, undefined, options, actor),
    );
  }
}
