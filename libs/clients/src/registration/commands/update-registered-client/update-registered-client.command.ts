import { Command } from '@nestjs/cqrs';
import type { ClientDefinition } from '../../../client-definition';
import type { UpdateClientResult } from '../../../commands/update-client/update-client.command';

/**
 * RFC 7592 §2.2: a client replaces its own registration with its registration access token. The
 * request repeats the client_id, and a client_secret only if it is the current one. In force at once.
 */
export class UpdateRegisteredClientCommand extends Command<UpdateClientResult> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
    readonly token: string | undefined,
    /** The registration request as a V2 definition (RFC 7591 names already translated). */
    readonly definition: ClientDefinition,
    readonly presentedClientId: unknown,
    readonly presentedSecret: unknown,
  ) {
    super();
  }
}
