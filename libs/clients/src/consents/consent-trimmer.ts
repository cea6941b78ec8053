import { Injectable } from '@nestjs/common';
import type { DomainEvent } from '@app/core';
import { ScopeCatalog } from '@app/resource-servers';
import { type EntityManager, In } from 'typeorm';
import { ClientTimeline } from '../client.timeline';
import { ConsentRevokedEvent, ConsentScopesReducedEvent } from './events/consent.events';
import { PersistedConsentEntity } from './persisted-consent.entity';

type Reason = ConsentRevokedEvent['reason'];

/**
 * Keeps persisted consents in step with the registry's timeline, in the transaction of the change that
 * moves it: a consent holds only scopes its client asks for at that instant and (once the setup has
 * resource servers) that they declare then. A scope the change takes away leaves every consent that held
 * it; a consent left with none is revoked. Each change is an event.
 */
@Injectable()
export class ConsentTrimmer {
  constructor(
    private readonly timeline: ClientTimeline,
    private readonly catalog: ScopeCatalog,
  ) {}

  /** Trims the consents of these clients, or of every client of these setups, to what is offered at `now`. */
  async trim(
    em: EntityManager,
    of: { clientIds: readonly string[] } | { setupIds: readonly string[] },
    now: Date,
    actor: string,
  ): Promise<DomainEvent[]> {
    const repo = em.getRepository(PersistedConsentEntity);
    const ids = 'clientIds' in of ? of.clientIds : of.setupIds;
    if (!ids.length) return [];
    const consents = await repo.findBy('clientIds' in of ? { clientId: In([...ids]) } : { setupId: In([...ids]) });
    const offered = new Map<string, Set<string> | null>();
    const declared = new Map<string, Set<string> | null>();
    const events: DomainEvent[] = [];
    const revoked: PersistedConsentEntity[] = [];
    for (const consent of consents) {
      if (!offered.has(consent.clientId)) {
        const snapshot = await this.timeline.inForceAt(em, consent.clientId, now);
        offered.set(consent.clientId, snapshot ? new Set(snapshot.content.scopes ?? []) : null);
      }
      if (!declared.has(consent.setupId)) {
        const { declared: scopes, constrained } = await this.catalog.declaredAt(em, consent.setupId, now);
        declared.set(consent.setupId, constrained ? new Set(scopes.keys()) : null);
      }
      // A client not in force at `now` offers nothing to take away from (it cannot have consents yet).
      const clientScopes = offered.get(consent.clientId);
      if (!clientScopes) continue;
      const setupScopes = declared.get(consent.setupId);
      const kept = consent.scopes.filter((s) => clientScopes.has(s) && (!setupScopes || setupScopes.has(s)));
      if (kept.length === consent.scopes.length) continue;
      if (!kept.length) {
        revoked.push(consent);
        events.push(new ConsentRevokedEvent(consent, actor, now, 'no-scope-left'));
        continue;
      }
      const removed = consent.scopes.filter((s) => !kept.includes(s));
      consent.scopes = kept;
      await repo.update(consent.id, { scopes: kept });
      events.push(new ConsentScopesReducedEvent(consent, actor, now, removed));
    }
    await this.deleteAll(em, revoked);
    return events;
  }

  /** Revokes every consent of a client or of a setup (the client or setup is being deleted). */
  async revokeAll(
    em: EntityManager,
    of: { clientId: string } | { setupId: string },
    now: Date,
    actor: string,
    reason: Reason,
  ): Promise<DomainEvent[]> {
    const consents = await em.getRepository(PersistedConsentEntity).findBy(of);
    await this.deleteAll(em, consents);
    return consents.map((consent) => new ConsentRevokedEvent(consent, actor, now, reason));
  }

  private async deleteAll(em: EntityManager, consents: readonly PersistedConsentEntity[]): Promise<void> {
    const repo = em.getRepository(PersistedConsentEntity);
    for (let i = 0; i < consents.length; i += 500) await repo.delete(consents.slice(i, i + 500).map((c) => c.id));
  }
}
