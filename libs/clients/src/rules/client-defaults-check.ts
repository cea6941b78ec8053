import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainError, type FieldError } from '@app/core';
import { type ClientDefaults, SetupEditChecks, SetupSnapshotEntity } from '@app/setups';
import type { EntityManager } from 'typeorm';
import { ClientEntity } from '../entities/client.entity';
import { ClientSnapshotEntity } from '../entities/client-snapshot.entity';
import { clientDefinitionErrors, effectiveGrantTypes } from './client-rules';

const MAX_LISTED_CLIENTS = 100;

interface Inheriting {
  snapshot: ClientSnapshotEntity;
  oauthClientId: string;
  /** When it is (or will be) in force, in epoch ms, from now on: its inherited values are resolved then. */
  from: number;
  until: number;
}

/**
 * A setup edit that changes client_defaults changes what its clients inherit: the grant types of a
 * client that leaves them out decide several rules (response types, public clients, PKCE). The edit
 * is refused with 409 CLIENT_DEFAULTS_IN_USE when an active or scheduled client snapshot that
 * inherits would break a rule it did not break before (unless forced), listing those clients, as
 * SCOPE_IN_USE does for resource-server changes. It runs in the edit's transaction, after the setup
 * row is locked; client writes share that lock, so a client cannot slip in between.
 */
@Injectable()
export class ClientDefaultsCheck implements OnModuleInit {
  constructor(private readonly checks: SetupEditChecks) {}

  onModuleInit(): void {
    this.checks.register((em, setupId, now, edit) => this.around(em, setupId, now, edit));
  }

  private async around(em: EntityManager, setupId: string, now: Date, edit: () => Promise<void>): Promise<void> {
    const before = await this.brokenRules(em, setupId, now);
    await edit();
    const after = await this.brokenRules(em, setupId, now);
    const broken = [...after].flatMap(([snapshotId, { entry, errors }]) => {
      const earlier = new Set(before.get(snapshotId)?.errors.map((e) => `${e.path} ${e.message}`));
      const fresh = errors.filter((e) => !earlier.has(`${e.path} ${e.message}`));
      return fresh.length ? [{ entry, errors: fresh }] : [];
    });
    if (!broken.length) return;
    const clients = broken.map(({ entry, errors }) => ({
      clientId: entry.snapshot.ownerId,
      client_id: entry.oauthClientId,
      snapshotId: entry.snapshot.id,
      valid_from: entry.snapshot.validFrom.toISOString(),
      errors,
    }));
    throw new DomainError(
      'CLIENT_DEFAULTS_IN_USE',
      `${clients.length} client snapshot(s) inherit client_defaults and would break a rule with the new ones; give those clients their own values first, or repeat the request with ?force=true.`,
      { clients: clients.slice(0, MAX_LISTED_CLIENTS), clients_total: clients.length },
    );
  }

  /**
   * The rule violations of every active or scheduled client snapshot that inherits grant types, at
   * every instant it resolves them at: the in-force one against the setup now and at each later setup
   * change while it stays in force, a scheduled one at its valid_from and at each setup change until
   * the client's next snapshot.
   */
  private async brokenRules(em: EntityManager, setupId: string, now: Date) {
    const setupSnapshots = await em
      .getRepository(SetupSnapshotEntity)
      .find({ where: { ownerId: setupId }, order: { validFrom: 'ASC' } });
    const defaultsAt = (at: number): ClientDefaults | undefined =>
      setupSnapshots.filter((s) => s.validFrom.getTime() <= at).pop()?.content.client_defaults;
    const result = new Map<string, { entry: Inheriting; errors: FieldError[] }>();
    for (const entry of await this.inheriting(em, setupId, now)) {
      const instants = [
        entry.from,
        ...setupSnapshots.map((s) => s.validFrom.getTime()).filter((at) => at > entry.from && at < entry.until),
      ];
      const errors = new Map<string, FieldError>();
      for (const at of instants) {
        const grantTypes = effectiveGrantTypes(entry.snapshot.content, defaultsAt(at)?.grant_types);
        for (const e of clientDefinitionErrors(entry.snapshot.content, undefined, { grantTypes }))
          errors.set(`${e.path} ${e.message}`, e);
      }
      if (errors.size) result.set(entry.snapshot.id, { entry, errors: [...errors.values()] });
    }
    return result;
  }

  private async inheriting(em: EntityManager, setupId: string, now: Date): Promise<Inheriting[]> {
    const rows = await em
      .getRepository(ClientSnapshotEntity)
      .createQueryBuilder('s')
      .innerJoin(ClientEntity, 'c', 'c.id = s.ownerId')
      .addSelect('c.oauthClientId', 'oauth_client_id')
      .where('c.setupId = :setupId', { setupId })
      .orderBy('s.ownerId')
      .addOrderBy('s.validFrom', 'ASC')
      .getRawAndEntities();
    const oauthIds = new Map(
      rows.raw.map((r: { s_id: string; oauth_client_id: string }) => [r.s_id, r.oauth_client_id]),
    );
    const found: Inheriting[] = [];
    const snapshots = rows.entities;
    snapshots.forEach((snapshot, i) => {
      const next = snapshots[i + 1]?.ownerId === snapshot.ownerId ? snapshots[i + 1].validFrom.getTime() : Infinity;
      // Historical: a later snapshot of the same client is in force already.
      if (next <= now.getTime() || snapshot.content.grant_types !== undefined) return;
      found.push({
        snapshot,
        oauthClientId: oauthIds.get(snapshot.id) ?? '',
        from: Math.max(snapshot.validFrom.getTime(), now.getTime()),
        until: next,
      });
    });
    return found;
  }
}
