import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '@app/core';
import { type Activation, TimelineActivation } from '@app/versioning';
import type { ResourceServerEntity } from './entities/resource-server.entity';
import type { ResourceServerSnapshotEntity } from './entities/resource-server-snapshot.entity';
import { ResourceServerSnapshotActivatedEvent } from './events/resource-server.events';
import type { ResourceServerDefinition } from './resource-server-definition';
import { ResourceServerTimeline } from './resource-server.timeline';

@Injectable()
export class ResourceServerActivation extends TimelineActivation<ResourceServerEntity, ResourceServerSnapshotEntity, ResourceServerDefinition> {
  constructor(tx: TransactionRunner, timeline: ResourceServerTimeline, eventBus: EventBus, @InjectDataSource() dataSource: DataSource) {
    super(tx, timeline, eventBus, dataSource);
  }

  protected announce(a: Activation, now: Date) {
    return new ResourceServerSnapshotActivatedEvent(a.parentId!, a.ownerId, a.snapshotId, a.validFrom, now, a.previousSnapshotId);
  }
}
