import { DomainEvent, type PatchOperation } from '@app/core';

export class SetupCreatedEvent extends DomainEvent {
  readonly action = 'setup.created';
  readonly entityType = 'setup';
}

/** A snapshot was added (scheduled or immediate), replaced in place, or deleted. */
export class SetupUpdatedEvent extends DomainEvent {
  readonly action = 'setup.updated';
  readonly entityType = 'setup';

  constructor(
    setupId: string,
    snapshotId: string,
    validFrom: Date,
    actor: string,
    occurredAt: Date,
    readonly change: 'snapshot-added' | 'snapshot-replaced' | 'snapshot-deleted',
    /** For an edit: the RFC 6902 patch from the configuration it follows to the new one. */
    readonly patch?: readonly PatchOperation[],
  ) {
    super(setupId, setupId, snapshotId, validFrom, actor, occurredAt);
  }

  override details() {
    return {
      change: this.change,
      valid_from: this.validFrom!.toISOString(),
      ...(this.patch ? { patch: this.patch } : {}),
    };
  }
}

/** The scheduler made a scheduled snapshot the active one. Published once per activation. */
export class SetupSnapshotActivatedEvent extends DomainEvent {
  readonly action = 'setup.snapshot-activated';
  readonly entityType = 'setup';

  constructor(
    setupId: string,
    snapshotId: string,
    validFrom: Date,
    occurredAt: Date,
    readonly previousSnapshotId: string | null,
  ) {
    super(setupId, setupId, snapshotId, validFrom, 'scheduler', occurredAt);
  }

  override details() {
    return { valid_from: this.validFrom!.toISOString(), previous_snapshot_id: this.previousSnapshotId };
  }
}

export interface DeletedChild {
  clientId: string;
  oauthClientId: string;
  /** The snapshot in force at the deletion, if any. */
  snapshotId: string | null;
  validFrom: Date | null;
}

export interface DeletedResourceServer {
  resourceServerId: string;
  snapshotId: string | null;
  validFrom: Date | null;
}

/**
 * The setup and everything in it are gone; `clients` and `resourceServers` list what was deleted with it. `snapshotId`
 * and `validFrom` name the setup snapshot that was in force (null if it never became valid).
 */
export class SetupDeletedEvent extends DomainEvent {
  readonly action = 'setup.deleted';
  readonly entityType = 'setup';

  constructor(
    setupId: string,
    snapshotId: string | null,
    validFrom: Date | null,
    actor: string,
    occurredAt: Date,
    readonly clients: readonly DeletedChild[],
    readonly resourceServers: readonly DeletedResourceServer[] = [],
  ) {
    super(setupId, setupId, snapshotId, validFrom, actor, occurredAt);
  }

  override details() {
    return { clients_deleted: this.clients.length, resource_servers_deleted: this.resourceServers.length };
  }
}
