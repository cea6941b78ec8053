import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ChangeSetRunner } from '../../change-set-runner';
import { ApplyChangeSetCommand } from './apply-change-set.command';

@CommandHandler(ApplyChangeSetCommand)
export class ApplyChangeSetHandler implements ICommandHandler<ApplyChangeSetCommand> {
  constructor(private readonly runner: ChangeSetRunner) {}

  execute({ setupId, document, planHash, validFrom, actor, force }: ApplyChangeSetCommand) {
    return this.runner.run(setupId, document, validFrom, actor, { apply: true, planHash, force });
  }
}
