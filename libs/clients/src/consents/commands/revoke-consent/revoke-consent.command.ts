import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/core';
import type { ConsentViewer } from '../../consent-view';

/** DELETE /v3/.../clients/:clientId/persisted-consent?user=: `user` absent means the caller's own consent. */
export class RevokeConsentCommand extends Command<void> {
  constructor(
    readonly setupId: string,
    readonly clientId: string,
    readonly user: string | undefined,
    readonly viewer: ConsentViewer,
    readonly actor: Actor,
  ) {
    super();
  }
}
