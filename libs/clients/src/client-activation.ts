import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '@app/core';
import { activateAllDue } from '@app/versioning';
import { ClientTimeline } from './client.timeline';
import { ClientSnapshotActivatedEvent } from './events/client.events';

/** Activates the client snapshots that are due and announces each activation once. */
@Injectable()
export class ClientActivation {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly timeline: ClientTimeline,
    private readonly eventBus: EventBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  activateDue(now: Date, batch?: number): Promise<number> {
    return activateAllDue(
      this.tx,
      this.timeline,
      now,
      (activations) =>
        this.eventBus.publishAll(
          activations.map((a) => new ClientSnapshotActivatedEvent(a.parentId!, a.ownerId, a.snapshotId, a.validFrom, now, a.previousSnapshotId)),
        ),
      batch,
    );
  }

  nextDueAt(): Promise<Date | null> {
    return this.timeline.nextDueAt(this.dataSource.manager);
  }
}
