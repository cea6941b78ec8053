import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '@app/core';
import { activateAllDue } from '@app/versioning';
import { SetupSnapshotActivatedEvent } from './events/setup.events';
import { SetupTimeline } from './setup.timeline';

/** Activates the setup snapshots that are due and announces each activation once. */
@Injectable()
export class SetupActivation {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly timeline: SetupTimeline,
    private readonly eventBus: EventBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  activateDue(now: Date, batch?: number): Promise<number> {
    return activateAllDue(
      this.tx,
      this.timeline,
      now,
      (activations) => {
        this.eventBus.publishAll(activations.map((a) => new SetupSnapshotActivatedEvent(a.ownerId, a.snapshotId, a.validFrom, now, a.previousSnapshotId)));
      },
      batch,
    );
  }

  nextDueAt(): Promise<Date | null> {
    return this.timeline.nextDueAt(this.dataSource.manager);
  }
}
