import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventOutbox, TransactionRunner } from '@app/core';
import { ACTIVATION_LANES, type Activation, TimelineActivation } from '@app/versioning';
import type { ClientDefinition } from './client-definition';
import { ClientTimeline } from './client.timeline';
import type { ClientEntity } from './entities/client.entity';
import type { ClientSnapshotEntity } from './entities/client-snapshot.entity';
import { ClientSnapshotActivatedEvent } from './events/client.events';

@Injectable()
export class ClientActivation extends TimelineActivation<ClientEntity, ClientSnapshotEntity, ClientDefinition> {
  /**
   * Batches of clients lock different clients, and what follows a client's activation (trimming its
   * persisted consents) writes that client's rows only: two batches at once on PostgreSQL. Resource
   * servers stay at one: what follows theirs trims the consents of a whole setup.
   */
  protected override readonly lanes = ACTIVATION_LANES;

  constructor(
    tx: TransactionRunner,
    timeline: ClientTimeline,
    events: EventOutbox,
    @InjectDataSource() dataSource: DataSource,
  ) {
    super(tx, timeline, events, dataSource);
  }

  protected announce(a: Activation, now: Date) {
    return new ClientSnapshotActivatedEvent(
      a.parentId!,
      a.ownerId,
      a.snapshotId,
      a.validFrom,
      now,
      a.previousSnapshotId,
    );
  }
}
