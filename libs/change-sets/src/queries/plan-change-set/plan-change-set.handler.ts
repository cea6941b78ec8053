import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ChangeSetRunner } from '../../change-set-runner';
import { PlanChangeSetQuery } from './plan-change-set.query';

@QueryHandler(PlanChangeSetQuery)
export class PlanChangeSetHandler implements IQueryHandler<PlanChangeSetQuery> {
  constructor(private readonly runner: ChangeSetRunner) {}

  execute({ setupId, document, validFrom, actor, force }: PlanChangeSetQuery) {
    return this.runner.run(setupId, document, validFrom, actor, { apply: false, force });
  }
}
