import { Injectable } from '@nestjs/common';
import { instantParam, NotFoundError } from '@app/core';
import { type EntityManager, IsNull } from 'typeorm';
import { ClientTimeline } from '../client.timeline';
import { ClientEntity } from '../entities/client.entity';
import { ClientRegistrationEntity, type RegistrationVia } from './entities/client-registration.entity';
import { InitialAccessTokenEntity } from './entities/initial-access-token.entity';
import { initialAccessTokenRefused, invalidRegistrationToken, tooManyClients } from './registration.errors';
import { hashToken } from './registration-token';

/** What a registration commits besides the client, in the same transaction. */
export interface RegistrationAdmission {
  /** SHA-256 of the registration access token handed to the client. */
  tokenHash: string;
  via: RegistrationVia;
  initialAccessTokenId?: string;
  /** The registration policy's max_clients, for self-registrations. */
  maxClients?: number;
}

/**
 * The registration state around a client: admits a registration (max clients, one use of an initial
 * access token), records its registration access token, and authenticates that token later.
 */
@Injectable()
export class RegistrationGate {
  constructor(private readonly clients: ClientTimeline) {}

  /**
   * Runs in the registration's transaction, before the client is written. On PostgreSQL the setup row
   * is locked (FOR NO KEY UPDATE: self-registrations of one setup queue here, other client writes,
   * which take KEY SHARE, do not) so that two registrations never both take the last free place.
   * The use of the initial access token is one conditional UPDATE: concurrent uses never pass its maximum.
   */
  async admit(em: EntityManager, setupId: string, admission: RegistrationAdmission, now: Date): Promise<void> {
    const postgres = em.connection.options.type === 'postgres';
    if (admission.maxClients !== undefined) {
      if (postgres) await em.query('SELECT id FROM setup WHERE id = $1 FOR NO KEY UPDATE', [setupId]);
      const count = await em.getRepository(ClientEntity).countBy({ setupId, deletedAt: IsNull() });
      if (count >= admission.maxClients) throw tooManyClients(admission.maxClients);
    }
    if (admission.initialAccessTokenId !== undefined) {
      const result = await em
        .createQueryBuilder()
        .update(InitialAccessTokenEntity)
        .set({ uses: () => 'uses + 1' })
        .where('id = :id AND setup_id = :setupId AND uses < max_uses AND expires_at > :now', {
          id: admission.initialAccessTokenId,
          setupId,
          now: instantParam(now),
        })
        .execute();
      if (result.affected !== 1) throw initialAccessTokenRefused('it has expired, been used up or been revoked');
    }
  }

  /** After the client row exists: its registration access token (hash), in the same transaction. */
  async record(
    em: EntityManager,
    setupId: string,
    clientId: string,
    admission: RegistrationAdmission,
    now: Date,
  ): Promise<void> {
    await em.getRepository(ClientRegistrationEntity).insert({
      clientId,
      setupId,
      tokenHash: admission.tokenHash,
      via: admission.via,
      initialAccessTokenId: admission.initialAccessTokenId ?? null,
      createdAt: now,
    });
  }

  /**
   * The registration of this client if `token` is its registration access token; 401 otherwise (an
   * unknown token, another client's, or a client that no longer exists: RFC 7592 §2.1).
   */
  async authenticate(
    em: EntityManager,
    setupId: string,
    clientId: string,
    token: string | undefined,
  ): Promise<{ registration: ClientRegistrationEntity; client: ClientEntity }> {
    const registration = token
      ? await em.getRepository(ClientRegistrationEntity).findOneBy({ tokenHash: hashToken(token) })
      : null;
    if (!registration || registration.clientId !== clientId || registration.setupId !== setupId)
      throw invalidRegistrationToken();
    try {
      return { registration, client: await this.clients.loadInSetup(em, setupId, clientId) };
    } catch (err) {
      if (err instanceof NotFoundError) throw invalidRegistrationToken();
      throw err;
    }
  }

  findInitialAccessToken(em: EntityManager, token: string): Promise<InitialAccessTokenEntity | null> {
    return em.getRepository(InitialAccessTokenEntity).findOneBy({ tokenHash: hashToken(token) });
  }
}
