import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeleteClientCommand } from '../../../commands/delete-client/delete-client.command';
import { clientActor } from '../../registration-credential';
import { RegistrationGate } from '../../registration-gate';
import { DeleteRegisteredClientCommand } from './delete-registered-client.command';

@CommandHandler(DeleteRegisteredClientCommand)
export class DeleteRegisteredClientHandler implements ICommandHandler<DeleteRegisteredClientCommand> {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly gate: RegistrationGate,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ setupId, clientId, token }: DeleteRegisteredClientCommand): Promise<void> {
    const { client } = await this.gate.authenticate(this.dataSource.manager, setupId, clientId, token);
    await this.commandBus.execute(
      new DeleteClientCommand(setupId, clientId, undefined, clientActor(client.oauthClientId)),
    );
  }
}
