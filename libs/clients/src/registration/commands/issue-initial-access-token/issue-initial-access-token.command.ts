import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { InitialAccessTokenView } from '../../entities/initial-access-token.entity';

export type IssueInitialAccessTokenResult = InitialAccessTokenView & { token: string };

/** An administrator issues an RFC 7591 §3 initial access token for a setup; the token is shown once. */
export class IssueInitialAccessTokenCommand extends Command<IssueInitialAccessTokenResult> {
  constructor(
    readonly setupId: string,
    readonly expiresInSeconds: number,
    readonly maxUses: number,
    readonly description: string | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
