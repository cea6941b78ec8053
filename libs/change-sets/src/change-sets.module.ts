import { Module } from '@nestjs/common';
import { ClientsModule } from '@app/clients';
import { ResourceServersModule } from '@app/resource-servers';
import { SetupsModule } from '@app/setups';
import { ChangeSetRunner } from './change-set-runner';
import { ApplyChangeSetHandler } from './commands/apply-change-set/apply-change-set.handler';
import { ExportSetupHandler } from './queries/export-setup/export-setup.handler';
import { PlanChangeSetHandler } from './queries/plan-change-set/plan-change-set.handler';
import { SetupStateReader } from './setup-state.reader';
import { SnapshotBodies } from './snapshot-bodies';
import { RestoreSnapshotHandler } from './commands/restore-snapshot/restore-snapshot.handler';
import { SnapshotDiffHandler } from './queries/snapshot-diff/snapshot-diff.handler';

/**
 * Configuration as code: export, plan and apply a whole setup; diff and restore snapshots of any
 * versioned entity. Composes setups, resource servers and clients through their commands and queries.
 */
@Module({
  imports: [SetupsModule, ClientsModule, ResourceServersModule],
  providers: [
    SetupStateReader,
    SnapshotBodies,
    ChangeSetRunner,
    ExportSetupHandler,
    PlanChangeSetHandler,
    ApplyChangeSetHandler,
    SnapshotDiffHandler,
    RestoreSnapshotHandler,
  ],
})
export class ChangeSetsModule {}
