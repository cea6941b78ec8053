export class SetupCreatedEvent {
  constructor(
    readonly eventId: string,
    readonly setupId: string,
    readonly snapshotId: string,
    readonly validFrom: Date,
    readonly actor: string,
    readonly occurredAt: Date,
  ) {}
}
