import { Module } from '@nestjs/common';
import { ClientsModule } from '@app/clients';
import { ResourceServersModule } from '@app/resource-servers';
import { ChangeSetRunner } from './change-set-runner';
import { ApplyChangeSetHandler } from './commands/apply-change-set/apply-change-set.handler';
import { ExportSetupHandler } from './queries/export-setup/export-setup.handler';
import { PlanChangeSetHandler } from './queries/plan-change-set/plan-change-set.handler';
import { SetupStateReader } from './setup-state.reader';

/** Configuration as code: export, plan and apply a whole setup (composes setups, resource servers and clients). */
@Module({
  imports: [ClientsModule, ResourceServersModule],
  providers: [SetupStateReader, ChangeSetRunner, ExportSetupHandler, PlanChangeSetHandler, ApplyChangeSetHandler],
})
export class ChangeSetsModule {}
