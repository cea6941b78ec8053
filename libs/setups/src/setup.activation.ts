import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventOutbox, TransactionRunner } from '@app/core';
import { type Activation, TimelineActivation } from '@app/versioning';
import type { SetupEntity } from './entities/setup.entity';
import type { SetupSnapshotEntity } from './entities/setup-snapshot.entity';
import { SetupSnapshotActivatedEvent } from './events/setup.events';
import type { SetupDefinition } from './setup-definition';
import { SetupTimeline } from './setup.timeline';

@Injectable()
export class SetupActivation extends TimelineActivation<SetupEntity, SetupSnapshotEntity, SetupDefinition> {
  constructor(
    tx: TransactionRunner,
    timeline: SetupTimeline,
    events: EventOutbox,
    @InjectDataSource() dataSource: DataSource,
  ) {
    super(tx, timeline, events, dataSource);
  }

  protected announce(a: Activation, now: Date) {
    return new SetupSnapshotActivatedEvent(a.ownerId, a.snapshotId, a.validFrom, now, a.previousSnapshotId);
  }
}
