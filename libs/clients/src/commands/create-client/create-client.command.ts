import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { ClientDefinition } from '../../client-definition';
import type { RegistrationAdmission } from '../../registration/registration-gate';

export interface CreateClientResult {
  clientId: string;
  oauthClientId: string;
  snapshotId: string;
  validFrom: Date;
  /** Set only when the server generated the client_id. */
  generatedClientId?: string;
  /** Set only when the server generated the secret; shown to the caller this once. */
  generatedSecret?: string;
}

export class CreateClientCommand extends Command<CreateClientResult> {
  constructor(
    readonly setupId: string,
    readonly definition: ClientDefinition,
    readonly clientSecret: string | undefined,
    readonly validFrom: Date | undefined,
    readonly actor: Actor,
    /** RFC 7591 registrations: admitted and recorded in the transaction that writes the client. */
    readonly admission?: RegistrationAdmission,
  ) {
    super();
  }
}
