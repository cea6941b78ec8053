import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { ConsentView } from '../../consent-view';

/** PUT .../clients/:clientId/persisted-consent?user=: the authorization server records what `user` consented to. */
export class RecordConsentCommand extends Command<ConsentView> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
    readonly user: string,
    readonly scopes: readonly string[],
    readonly actor: Actor,
  ) {
    super();
  }
}
