import { Command } from '@nestjs/cqrs';

/** RFC 7592 §2.3: a client deletes its own registration with its registration access token. */
export class DeleteRegisteredClientCommand extends Command<void> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
    readonly token: string | undefined,
  ) {
    super();
  }
}
