import { DomainEvent, type PatchOperation } from '@app/core';

abstract class ClientEvent extends DomainEvent {
  readonly entityType = 'client';

  /** The client's internal id. */
  get clientId(): string {
    return this.entityId;
  }
}

/** A client and its first snapshot were committed. Carries no secret. */
export class ClientCreatedEvent extends ClientEvent {
  readonly action = 'client.created';

  constructor(
    setupId: string,
    clientId: string,
    snapshotId: string,
    validFrom: Date,
    actor: string,
    occurredAt: Date,
    readonly oauthClientId: string,
  ) {
    super(setupId, clientId, snapshotId, validFrom, actor, occurredAt);
  }

  override details() {
    return { client_id: this.oauthClientId, valid_from: this.validFrom!.toISOString() };
  }
}

/** A snapshot was added (scheduled or immediate), replaced in place, or deleted; or the secret was rotated. */
export class ClientUpdatedEvent extends ClientEvent {
  readonly action = 'client.updated';

  constructor(
    setupId: string,
    clientId: string,
    snapshotId: string,
    validFrom: Date,
    actor: string,
    occurredAt: Date,
    readonly change: 'snapshot-added' | 'snapshot-replaced' | 'snapshot-deleted' | 'secret-rotated',
    /** For an edit: the RFC 6902 patch from the configuration it follows to the new one (secret masked). */
    readonly patch?: readonly PatchOperation[],
  ) {
    super(setupId, clientId, snapshotId, validFrom, actor, occurredAt);
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
export class ClientSnapshotActivatedEvent extends ClientEvent {
  readonly action = 'client.snapshot-activated';

  constructor(
    setupId: string,
    clientId: string,
    snapshotId: string,
    validFrom: Date,
    occurredAt: Date,
    readonly previousSnapshotId: string | null,
  ) {
    super(setupId, clientId, snapshotId, validFrom, 'scheduler', occurredAt);
  }

  override details() {
    return { valid_from: this.validFrom!.toISOString(), previous_snapshot_id: this.previousSnapshotId };
  }
}

/**
 * The client and all its snapshots are gone (deleted, or with its setup). `snapshotId` and
 * `validFrom` name the snapshot that was in force then (null for a client that never became valid).
 */
export class ClientDeletedEvent extends ClientEvent {
  readonly action = 'client.deleted';

  constructor(
    setupId: string,
    clientId: string,
    snapshotId: string | null,
    validFrom: Date | null,
    actor: string,
    occurredAt: Date,
    readonly oauthClientId: string,
    readonly withSetup = false,
  ) {
    super(setupId, clientId, snapshotId, validFrom, actor, occurredAt);
  }

  override details() {
    return { client_id: this.oauthClientId, with_setup: this.withSetup };
  }
}
