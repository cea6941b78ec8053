import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeclaredScopesFollowers, ResourceServerActivation } from '@app/resource-servers';
import { SetupContents } from '@app/setups';
import { ClientActivation } from '../client.activation';
import { ConsentTrimmer } from './consent-trimmer';

/** Who takes scopes away when a scheduled snapshot comes into force (as the activation events say). */
const SCHEDULER = 'scheduler';

/**
 * Consents follow the registry's timeline: when a client or resource-server snapshot comes into force
 * (scheduled, in the activation batch's transaction; or at once, in the writing one), the consents lose
 * the scopes it takes away at that instant; deleting a setup revokes its users' consents. Client edits
 * and deletions call ConsentTrimmer themselves; the other libraries are told here, when the module starts.
 */
@Injectable()
export class ConsentTimeline implements OnModuleInit {
  constructor(
    private readonly trimmer: ConsentTrimmer,
    private readonly clients: ClientActivation,
    private readonly resourceServers: ResourceServerActivation,
    private readonly declaredScopes: DeclaredScopesFollowers,
    private readonly setups: SetupContents,
  ) {}

  onModuleInit(): void {
    this.clients.follow((em, activations, now) =>
      this.trimmer.trim(em, { clientIds: activations.map((a) => a.ownerId) }, now, SCHEDULER),
    );
    this.resourceServers.follow((em, activations, now) =>
      this.trimmer.trim(em, { setupIds: [...new Set(activations.map((a) => a.parentId!))] }, now, SCHEDULER),
    );
    this.declaredScopes.follow((em, setupIds, now, actor) => this.trimmer.trim(em, { setupIds }, now, actor));
    this.setups.register({
      beforeDelete: (em, setupId, at, actor) => this.trimmer.revokeAll(em, { setupId }, at, actor, 'setup-deleted'),
    });
  }
}
