import { Injectable } from '@nestjs/common';
import { DomainError, fixedQuery, type InsertGuard, instantParam, jsonPointer, ValidationFailedError } from '@app/core';
import type { EntityManager } from 'typeorm';
import { inForceCondition } from '@app/versioning';

/** From `from` on (until the next segment), these scopes are declared, each by these resource servers. */
export interface DeclaredSegment {
  from: Date;
  until: Date | null;
  /** scope name → the resource servers declaring it; empty while no resource server is in force. */
  declared: Map<string, string[]>;
  /** Whether any resource server is in force: while none is, clients may name any scope token. */
  constrained: boolean;
}

/** A client snapshot that asks for a scope no resource server declares from `from` on. */
export interface UndeclaredScopeUse {
  clientId: string;
  oauthClientId: string;
  snapshotId: string;
  scope: string;
  from: Date;
}

export interface DuplicateScope {
  scope: string;
  resourceServerIds: string[];
  from: Date;
}

/**
 * Which scopes the resource servers of a setup declare over time, and which clients ask for scopes
 * that are not declared. Both sides are versioned, so "is every client scope declared?" is asked at
 * every instant from now on at which the declared set changes (the valid_from of each scheduled
 * resource-server snapshot); in between nothing on the resource-server side changes, and each
 * client snapshot is checked against every segment it is in force in. The checks run inside the
 * writing transaction, after the write, so they judge the state that would be committed.
 *
 * The client tables are named in SQL here: this library sits below the clients library.
 */
@Injectable()
export class ScopeCatalog {
  /**
   * Serialises scope-changing writes per setup on PostgreSQL: resource-server writes take the setup
   * row exclusively, client writes in shared mode (FOR KEY SHARE, as a foreign key check would), so a
   * client and a resource-server change never both pass on a state the other one is changing.
   * SQLite writes are serial anyway. Taken first in the transaction, before any entity row lock.
   *
   * The setup row also gets a new row version (its values unchanged), so that a client created in
   * one statement can tell that a resource-server write committed while it started (clientCreateGuard).
   */
  async lockForResourceServerWrite(em: EntityManager, setupId: string): Promise<void> {
    if (em.connection.options.type === 'postgres')
      await em.query(
        'WITH held AS (SELECT id FROM setup WHERE id = $1 FOR UPDATE) ' +
          'UPDATE setup SET revision = setup.revision FROM held WHERE setup.id = held.id',
        [setupId],
      );
  }

  /**
   * PostgreSQL, for a client created in one statement (EventOutbox.insertAtOnce): takes the setup row
   * in KEY SHARE mode (as lockForClientWrite does) and yields its id, so the client row can be
   * inserted, only if
   * - the row did not change between the start of the statement and the lock: a resource-server
   *   write makes a new version of it (lockForResourceServerWrite), so a statement that had to wait
   *   for one, or started just before one committed, is refused instead of judging scopes on what it
   *   read before (a statement reads as of its start, also after waiting for a lock); and
   * - when the client asks for scopes, the setup has no resource server (while it has none, any scope
   *   token is allowed; otherwise the transactional path checks each scope).
   * Refused, nothing is written, and the caller takes the transactional path, which decides.
   */
  clientCreateGuard(setupId: string, asksForScopes: boolean): InsertGuard {
    return {
      column: 'setup_id',
      values: [setupId, asksForScopes],
      query: (offset) =>
        `WITH held AS (SELECT id, xmin FROM setup WHERE id = $${offset + 1} FOR KEY SHARE) ` +
        'SELECT held.id AS value FROM held JOIN setup s ON s.id = held.id AND s.xmin = held.xmin ' +
        `WHERE NOT $${offset + 2}::boolean ` +
        'OR NOT EXISTS (SELECT 1 FROM resource_server r WHERE r.setup_id = held.id AND r.deleted_at IS NULL)',
    };
  }

  /**
   * The client-write side of that lock; then whether the setup has resource servers at all (while it
   * has none, clients may name any scope token). Two statements on PostgreSQL: a statement that waited
   * for the lock still reads with the snapshot it started with, and would miss a first resource server
   * committed meanwhile; the next statement sees it.
   */
  async lockForClientWrite(em: EntityManager, setupId: string): Promise<boolean> {
    if (em.connection.options.type === 'postgres')
      await em.query('SELECT id FROM setup WHERE id = $1 FOR KEY SHARE', [setupId]);
    return this.hasResourceServers(em, setupId);
  }

  /**
   * Whether the setup has resource servers, asked by a client write that already holds the setup row
   * in KEY SHARE mode without `lockForClientWrite`: on PostgreSQL, inserting a client row takes exactly
   * that lock through its foreign key to the setup (at the end of the INSERT statement), so a create
   * asks after its insert, in the next statement, and saves one round trip. SQLite writes are serial.
   */
  async hasResourceServers(em: EntityManager, setupId: string): Promise<boolean> {
    const rows = await fixedQuery<{ constrained: boolean | number }>(
      em,
      `SELECT EXISTS (SELECT 1 FROM resource_server r WHERE r.setup_id = ${em.connection.options.type === 'postgres' ? '$1' : '?'} AND r.deleted_at IS NULL) AS constrained`,
      [setupId],
    );
    return Boolean(rows[0]?.constrained);
  }

  /** The declared scopes from `now` on, one segment per instant at which they change. */
  async segments(em: EntityManager, setupId: string, now: Date): Promise<DeclaredSegment[]> {
    const future = await em
      .createQueryBuilder()
      .select('s.valid_from', 'valid_from')
      .distinct(true)
      .from('resource_server_snapshot', 's')
      .innerJoin('resource_server', 'r', 'r.id = s.resource_server_id')
      .where('r.setup_id = :setupId AND r.deleted_at IS NULL AND s.valid_from > :now', {
        setupId,
        now: instantParam(now),
      })
      .orderBy('s.valid_from', 'ASC')
      .getRawMany<{ valid_from: string | number }>();
    const starts = [now, ...future.map((r) => new Date(Number(r.valid_from)))];
    const segments: DeclaredSegment[] = [];
    for (const [i, from] of starts.entries()) {
      segments.push({ from, until: starts[i + 1] ?? null, ...(await this.declaredAt(em, setupId, from)) });
    }
    return segments;
  }

  /** The scopes declared at `at` by the resource-server snapshots in force then. */
  async declaredAt(
    em: EntityManager,
    setupId: string,
    at: Date,
  ): Promise<{ declared: Map<string, string[]>; constrained: boolean }> {
    const rows = await em
      .createQueryBuilder()
      .select('r.id', 'resource_server_id')
      .addSelect('sc.name', 'name')
      .from('resource_server', 'r')
      .innerJoin(
        'resource_server_snapshot',
        's',
        `s.resource_server_id = r.id AND ${inForceCondition('s', 'resource_server_snapshot', 'resource_server_id', 'r.id', 'at')}`,
        { at: instantParam(at) },
      )
      .leftJoin('resource_server_snapshot_scope', 'sc', 'sc.snapshot_id = s.id')
      .where('r.setup_id = :setupId AND r.deleted_at IS NULL', { setupId })
      .getRawMany<{ resource_server_id: string; name: string | null }>();
    const declared = new Map<string, string[]>();
    for (const row of rows) {
      if (row.name === null) continue;
      declared.set(row.name, [...(declared.get(row.name) ?? []), row.resource_server_id]);
    }
    return { declared, constrained: rows.length > 0 };
  }

  /**
   * After a client write in a setup with resource servers: the scopes of the snapshot just written
   * must each be declared, while it is in force, by one of them. 400 naming each one.
   */
  async assertClientSnapshotDeclared(
    em: EntityManager,
    setupId: string,
    clientId: string,
    snapshotId: string,
    scopes: readonly string[] | undefined,
    now: Date,
  ): Promise<void> {
    if (!scopes?.length) return;
    const uses = await this.undeclaredUses(em, setupId, await this.segments(em, setupId, now), {
      clientId,
      snapshotId,
    });
    if (!uses.length) return;
    throw new ValidationFailedError(
      'INVALID_CLIENT_METADATA',
      uses.map((use) => ({
        path: jsonPointer(['scopes', Math.max(0, scopes.indexOf(use.scope))]),
        message: `scope "${use.scope}" is not declared by any resource server of this setup at ${use.from.toISOString()}`,
      })),
      'The client asks for scopes that no resource server of its setup declares; see errors.',
    );
  }

  /**
   * After a resource-server write: no scope declared twice at one time (409 SCOPE_NAME_TAKEN, always),
   * and no active or scheduled client left asking for a scope that is no longer declared (409
   * SCOPE_IN_USE listing them, unless `force`). `names`: the scopes the change could have taken away,
   * or null when it may constrain every scope (a new resource server).
   */
  async assertResourceServerChange(
    em: EntityManager,
    setupId: string,
    now: Date,
    names: readonly string[] | null,
    force: boolean,
    before: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const segments = await this.segments(em, setupId, now);
    const duplicates = this.duplicates(segments);
    if (duplicates.length) {
      throw new DomainError(
        'SCOPE_NAME_TAKEN',
        `Scope names are unique within a setup: ${duplicates.map((d) => `"${d.scope}"`).join(', ')} would be declared by more than one resource server.`,
        {
          scopes: duplicates.map((d) => ({
            scope: d.scope,
            resourceServerIds: d.resourceServerIds,
            from: d.from.toISOString(),
          })),
        },
      );
    }
    if (force) return;
    // Only the uses this change adds count: one an earlier forced change left undeclared is not its doing.
    const uses = (await this.undeclaredUses(em, setupId, segments, names === null ? {} : { names })).filter(
      (use) => !before.has(useKey(use)),
    );
    if (!uses.length) return;
    const byClient = new Map<string, { clientId: string; client_id: string; scopes: string[]; from: string }>();
    for (const use of uses) {
      const entry = byClient.get(use.clientId) ?? {
        clientId: use.clientId,
        client_id: use.oauthClientId,
        scopes: [],
        from: use.from.toISOString(),
      };
      entry.scopes.push(use.scope);
      if (use.from.toISOString() < entry.from) entry.from = use.from.toISOString();
      byClient.set(use.clientId, entry);
    }
    const clients = [...byClient.values()].sort((a, b) => a.clientId.localeCompare(b.clientId));
    const scopes = [...new Set(uses.map((u) => u.scope))].sort();
    throw new DomainError(
      'SCOPE_IN_USE',
      `${clients.length} client(s) use ${scopes.map((s) => `"${s}"`).join(', ')}, which this change would leave undeclared; change those clients first, or repeat the request with ?force=true.`,
      { scopes, clients: clients.slice(0, MAX_LISTED_CLIENTS), clients_total: clients.length },
    );
  }

  /**
   * Before a resource-server write: the undeclared uses there already are (a forced change may have left
   * some), so that assertResourceServerChange counts only those the write adds. Empty with `force`.
   */
  async undeclaredBefore(
    em: EntityManager,
    setupId: string,
    now: Date,
    names: readonly string[] | null,
    force: boolean,
  ): Promise<Set<string>> {
    if (force) return new Set();
    const segments = await this.segments(em, setupId, now);
    const uses = await this.undeclaredUses(em, setupId, segments, names === null ? {} : { names });
    return new Set(uses.map(useKey));
  }

  /** The scope names any snapshot of a resource server declares (what deleting or editing it could take away). */
  async namesOf(em: EntityManager, resourceServerId: string, snapshotId?: string): Promise<string[]> {
    const qb = em
      .createQueryBuilder()
      .select('sc.name', 'name')
      .distinct(true)
      .from('resource_server_snapshot_scope', 'sc')
      .innerJoin('resource_server_snapshot', 's', 's.id = sc.snapshot_id')
      .where('s.resource_server_id = :resourceServerId', { resourceServerId });
    if (snapshotId) qb.andWhere('s.id = :snapshotId', { snapshotId });
    return (await qb.getRawMany<{ name: string }>()).map((r) => r.name);
  }

  /**
   * After a scheduled client snapshot was cancelled: the snapshot before it now stays in force for
   * longer, and must not ask for scopes that are undeclared by then (409 SCOPE_NOT_DECLARED).
   */
  async assertExtendedSnapshotDeclared(
    em: EntityManager,
    setupId: string,
    clientId: string,
    snapshotId: string,
    now: Date,
  ): Promise<void> {
    const uses = await this.undeclaredUses(em, setupId, await this.segments(em, setupId, now), {
      clientId,
      snapshotId,
    });
    if (!uses.length) return;
    throw new DomainError(
      'SCOPE_NOT_DECLARED',
      `Without this scheduled change, snapshot ${snapshotId} would stay in force while it asks for ${uses.map((u) => `"${u.scope}"`).join(', ')}, which no resource server declares from ${uses[0].from.toISOString()}; schedule a replacement first.`,
      { scopes: uses.map((u) => u.scope) },
    );
  }

  /** Scopes that two resource servers would declare at the same time. */
  duplicates(segments: readonly DeclaredSegment[]): DuplicateScope[] {
    const seen = new Map<string, DuplicateScope>();
    for (const segment of segments) {
      for (const [scope, resourceServerIds] of segment.declared) {
        if (resourceServerIds.length > 1 && !seen.has(scope))
          seen.set(scope, { scope, resourceServerIds: [...resourceServerIds].sort(), from: segment.from });
      }
    }
    return [...seen.values()];
  }

  /**
   * Active and scheduled client snapshots that ask for a scope that is not declared while they are
   * in force. `clientId` and `snapshotId` narrow to one client or snapshot; `names` to the scopes a change could
   * have affected.
   * One row per client and scope, with the first instant at which it is undeclared.
   */
  async undeclaredUses(
    em: EntityManager,
    setupId: string,
    segments: readonly DeclaredSegment[],
    narrow: { clientId?: string; snapshotId?: string; names?: readonly string[] } = {},
  ): Promise<UndeclaredScopeUse[]> {
    if (narrow.names && narrow.names.length === 0) return [];
    const found = new Map<string, UndeclaredScopeUse>();
    for (const segment of segments) {
      if (!segment.constrained) continue;
      const qb = em
        .createQueryBuilder()
        .select('c.id', 'client_id')
        .addSelect('c.oauth_client_id', 'oauth_client_id')
        .addSelect('s.id', 'snapshot_id')
        .addSelect('s.valid_from', 'valid_from')
        .addSelect('cs.name', 'scope')
        .from('client', 'c')
        .innerJoin('client_snapshot', 's', 's.client_id = c.id')
        .innerJoin('client_snapshot_scope', 'cs', 'cs.snapshot_id = s.id')
        .where('c.setup_id = :setupId AND c.deleted_at IS NULL', { setupId })
        // In force at some instant of the segment: it starts before the segment ends, and no later
        // snapshot of the same client has replaced it by the time the segment starts.
        .andWhere(
          'NOT EXISTS (SELECT 1 FROM client_snapshot n WHERE n.client_id = s.client_id AND n.valid_from > s.valid_from AND n.valid_from <= :segmentFrom)',
          { segmentFrom: instantParam(segment.from) },
        );
      if (segment.until) qb.andWhere('s.valid_from < :segmentUntil', { segmentUntil: instantParam(segment.until) });
      if (narrow.clientId) qb.andWhere('c.id = :clientId', { clientId: narrow.clientId });
      if (narrow.snapshotId) qb.andWhere('s.id = :snapshotId', { snapshotId: narrow.snapshotId });
      if (narrow.names) qb.andWhere('cs.name IN (:...names)', { names: narrow.names });
      if (segment.declared.size)
        qb.andWhere('cs.name NOT IN (:...declared)', { declared: [...segment.declared.keys()] });
      const rows = await qb.getRawMany<{
        client_id: string;
        oauth_client_id: string;
        snapshot_id: string;
        valid_from: string | number;
        scope: string;
      }>();
      for (const row of rows) {
        const key = `${row.client_id} ${row.scope}`;
        if (found.has(key)) continue;
        const validFrom = Number(row.valid_from);
        found.set(key, {
          clientId: row.client_id,
          oauthClientId: row.oauth_client_id,
          snapshotId: row.snapshot_id,
          scope: row.scope,
          from: new Date(Math.max(validFrom, segment.from.getTime())),
        });
      }
    }
    return [...found.values()];
  }
}

/** A use of a scope by one client snapshot. */
function useKey(use: UndeclaredScopeUse): string {
  return `${use.snapshotId} ${use.scope}`;
}

/** How many clients a SCOPE_IN_USE answer lists; `clients_total` says how many there are. */
const MAX_LISTED_CLIENTS = 100;
