import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SetupContents } from '@app/setups';
import type { EntityManager } from 'typeorm';
import { ClientRegistrationEntity } from './entities/client-registration.entity';
import { InitialAccessTokenEntity } from './entities/initial-access-token.entity';

/**
 * Registration credentials do not outlive what they open: a deleted client's registration access
 * token, and a deleted setup's initial access tokens and registration access tokens, are erased with
 * the deletion, even though the client or setup itself stays as a soft-deleted state until the retention
 * purges it (its foreign keys would only cascade then).
 */
@Injectable()
export class RegistrationCredentialsCascade implements OnModuleInit {
  constructor(private readonly contents: SetupContents) {}

  onModuleInit(): void {
    this.contents.register({
      beforeDelete: async (em, setupId) => {
        await em.getRepository(ClientRegistrationEntity).delete({ setupId });
        await em.getRepository(InitialAccessTokenEntity).delete({ setupId });
        return [];
      },
    });
  }

  /** Called by a client's deletion. */
  async clientDeleted(em: EntityManager, clientId: string): Promise<void> {
    await em.getRepository(ClientRegistrationEntity).delete({ clientId });
  }
}
