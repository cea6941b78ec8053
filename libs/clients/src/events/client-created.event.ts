/** Published after a client and its first snapshot are committed. Carries no secret. */
export class ClientCreatedEvent {
  constructor(
    readonly eventId: string,
    readonly setupId: string,
    readonly clientId: string,
    readonly oauthClientId: string,
    readonly snapshotId: string,
    readonly validFrom: Date,
    readonly actor: string,
    readonly occurredAt: Date,
  ) {}
}
