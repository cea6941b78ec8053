import { Command } from '@nestjs/cqrs';
import type { ClientDefinition } from '../../../client-definition';
import type { CreateClientResult } from '../../../commands/create-client/create-client.command';
import type { RegistrationCredential } from '../../registration-credential';

export type RegisterClientResult = CreateClientResult & { registrationAccessToken: string };

/** RFC 7591 registration under the setup's registration policy; the client's client_id is always generated. */
export class RegisterClientCommand extends Command<RegisterClientResult> {
  constructor(
    readonly setupId: string,
    readonly definition: ClientDefinition,
    readonly credential: RegistrationCredential,
  ) {
    super();
  }
}
