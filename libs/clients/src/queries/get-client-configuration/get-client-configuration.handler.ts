import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { Clock, NotFoundError, NotYetValidError } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { ClientTimeline } from '../../client.timeline';
import { ClientEntity } from '../../entities/client.entity';
import { ClientSecretCipher } from '../../client-secrets';
import { ClientPolicy } from '../../client-policy';
import type { ClientConfiguration } from './client-configuration';
import { toClientConfigurationBody } from './client-configuration';
import { type CachedLookup, ClientConfigurationCache } from './client-configuration.cache';
import { GetClientConfigurationQuery } from './get-client-configuration.query';

@QueryHandler(GetClientConfigurationQuery)
export class GetClientConfigurationHandler implements IQueryHandler<GetClientConfigurationQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ClientTimeline,
    private readonly policy: ClientPolicy,
    private readonly setups: SetupTimeline,
    private readonly cipher: ClientSecretCipher,
    private readonly cache: ClientConfigurationCache,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, oauthClientId }: GetClientConfigurationQuery): Promise<ClientConfiguration> {
    const now = this.clock.now();
    const lookup = this.cache.get(setupId, oauthClientId, now) ?? (await this.lookup(setupId, oauthClientId, now));
    if (!lookup.found) throw lookup.error;
    const { entity_id: clientId } = lookup.body.registry;
    const previous = lookup.previous && lookup.previous.expiresAt > now ? [lookup.previous] : [];
    return {
      ...lookup.body,
      ...(lookup.secretEnc
        ? { client_secret: this.cipher.decrypt(lookup.secretEnc, clientId), client_secret_expires_at: 0 }
        : {}),
      previous_client_secrets: previous.map((p) => ({
        client_secret: this.cipher.decrypt(p.secretEnc, clientId),
        expires_at: p.expiresAt.toISOString(),
      })),
    };
  }

  /** Reads the answer from the database and caches it until the next instant that changes it. */
  private async lookup(setupId: string, oauthClientId: string, now: Date): Promise<CachedLookup> {
    const generation = this.cache.generation;
    const em = this.dataSource.manager;
    const client = await em.getRepository(ClientEntity).findOneBy({ setupId, oauthClientId, deletedAt: IsNull() });
    let expiresAt = now.getTime() + this.cache.maxAgeMs;
    if (!client) {
      await this.setups.load(em, setupId);
      const error = new NotFoundError(
        'CLIENT_NOT_FOUND',
        `No client with client_id "${oauthClientId}" exists in this setup.`,
      );
      const lookup: CachedLookup = { found: false, error };
      this.cache.set(setupId, oauthClientId, lookup, expiresAt, generation, null);
      return lookup;
    }
    const [snapshot, nextClientChange] = await Promise.all([
      this.timeline.inForceAt(em, client.id, now),
      this.timeline.nextChangeAfter(em, client.id, now).then(epochOrNull),
    ]);
    if (nextClientChange !== null) expiresAt = Math.min(expiresAt, nextClientChange);
    let lookup: CachedLookup;
    if (!snapshot) {
      lookup = { found: false, error: new NotYetValidError('client', new Date(nextClientChange!)) };
    } else {
      const [defaults, nextSetupChange] = await Promise.all([
        this.policy.setupDefaults(em, setupId, now),
        this.setups.nextChangeAfter(em, setupId, now).then(epochOrNull),
      ]);
      const changes = [nextClientChange, nextSetupChange].filter((at): at is number => at !== null);
      const nextChangeAt = changes.length ? Math.min(...changes) : null;
      if (nextChangeAt !== null) expiresAt = Math.min(expiresAt, nextChangeAt);
      const previous =
        client.previousSecretEnc && client.previousSecretExpiresAt && client.previousSecretExpiresAt > now
          ? { secretEnc: client.previousSecretEnc, expiresAt: client.previousSecretExpiresAt }
          : null;
      if (previous) expiresAt = Math.min(expiresAt, previous.expiresAt.getTime());
      lookup = {
        found: true,
        body: toClientConfigurationBody(snapshot.content, defaults, {
          setupId,
          clientId: client.id,
          oauthClientId,
          createdAt: client.createdAt,
          snapshotId: snapshot.id,
          validFrom: snapshot.validFrom,
          nextChangeAt,
        }),
        secretEnc: snapshot.secretEnc,
        previous,
      };
    }
    this.cache.set(setupId, oauthClientId, lookup, expiresAt, generation, client.id);
    return lookup;
  }
}

const epochOrNull = (at: Date | null): number | null => (at === null ? null : at.getTime());
