import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventOutbox, TransactionRunner } from '@app/core';
import { type Activation, TimelineActivation } from '@app/versioning';
import type { ResourceServerEntity } from './entities/resource-server.entity';
import type { ResourceServerSnapshotEntity } from './entities/resource-server-snapshot.entity';
import { ResourceServerSnapshotActivatedEvent } from './events/resource-server.events';
import type { ResourceServerDefinition } from './resource-server-definition';
import { ResourceServerTimeline } from './resource-server.timeline';

@Injectable()
export class ResourceServerActivation extends TimelineActivation<
  ResourceServerEntity,
  ResourceServerSnapshotEntity,
  ResourceServerDefinition
> {
  constructor(
    tx: TransactionRunner,
    timeline: ResourceServerTimeline,
    events: EventOutbox,
    @InjectDataSource() dataSource: DataSource,
  ) {
    super(tx, timeline, events, dataSource);
  }

  protected announce(a: Activation, now: Date) {
    return new ResourceServerSnapshotActivatedEvent(
      a.parentId!,
      a.ownerId,
      a.snapshotId,
      a.validFrom,
      now,
      a.previousSnapshotId,
    );
  }
}
