import { DomainEvent, type PatchOperation } from '@app/core';

abstract class ResourceServerEvent extends DomainEvent {
  readonly entityType = 'resource_server';

  get resourceServerId(): string {
    return this.entityId;
  }
}

export class ResourceServerCreatedEvent extends ResourceServerEvent {
  readonly action = 'resource_server.created';

  constructor(
    setupId: string,
    resourceServerId: string,
    snapshotId: string,
    validFrom: Date,
    actor: string,
    occurredAt: Date,
    readonly scopes: readonly string[],
  ) {
    super(setupId, resourceServerId, snapshotId, validFrom, actor, occurredAt);
  }

  override details() {
    return { valid_from: this.validFrom!.toISOString(), scopes: this.scopes.join(' ') };
  }
}

/**
 * A snapshot was added (scheduled or immediate), replaced in place, or deleted. `forced` says the
 * change went through although clients were using a scope it removed (`?force=true`).
 */
export class ResourceServerUpdatedEvent extends ResourceServerEvent {
  readonly action = 'resource_server.updated';

  constructor(
    setupId: string,
    resourceServerId: string,
    snapshotId: string,
    validFrom: Date,
    actor: string,
    occurredAt: Date,
    readonly change: 'snapshot-added' | 'snapshot-replaced' | 'snapshot-deleted',
    readonly forced: boolean,
    /** For an edit: the RFC 6902 patch from the configuration it follows to the new one. */
    readonly patch?: readonly PatchOperation[],
  ) {
    super(setupId, resourceServerId, snapshotId, validFrom, actor, occurredAt);
  }

  override details() {
    return {
      change: this.change,
      valid_from: this.validFrom!.toISOString(),
      ...(this.forced ? { forced: true } : {}),
      ...(this.patch ? { patch: this.patch } : {}),
    };
  }
}

/** The scheduler made a scheduled snapshot the active one. Published once per activation. */
export class ResourceServerSnapshotActivatedEvent extends ResourceServerEvent {
  readonly action = 'resource_server.snapshot-activated';

  constructor(
    setupId: string,
    resourceServerId: string,
    snapshotId: string,
    validFrom: Date,
    occurredAt: Date,
    readonly previousSnapshotId: string | null,
  ) {
    super(setupId, resourceServerId, snapshotId, validFrom, 'scheduler', occurredAt);
  }

  override details() {
    return { valid_from: this.validFrom!.toISOString(), previous_snapshot_id: this.previousSnapshotId };
  }
}

/** The resource server and all its snapshots are gone (deleted, or with its setup). */
export class ResourceServerDeletedEvent extends ResourceServerEvent {
  readonly action = 'resource_server.deleted';

  constructor(
    setupId: string,
    resourceServerId: string,
    snapshotId: string | null,
    validFrom: Date | null,
    actor: string,
    occurredAt: Date,
    readonly withSetup = false,
    readonly forced = false,
  ) {
    super(setupId, resourceServerId, snapshotId, validFrom, actor, occurredAt);
  }

  override details() {
    return { with_setup: this.withSetup, ...(this.forced ? { forced: true } : {}) };
  }
}
