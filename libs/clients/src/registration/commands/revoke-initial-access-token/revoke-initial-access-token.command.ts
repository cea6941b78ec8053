import { Command } from '@nestjs/cqrs';

/** Revokes an initial access token at once: it is deleted, and no registration can use it any more. */
export class RevokeInitialAccessTokenCommand extends Command<void> {
  constructor(
    readonly setupId: string,
    readonly tokenId: string,
  ) {
    super();
  }
}
