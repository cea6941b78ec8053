import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '@app/core';
import type { Deletion } from '@app/versioning';
import type { DeletedChild, DeletedResourceServer } from './events/setup.events';

/** What one library keeps inside a setup, each entity with its snapshot in force at an instant. */
export interface SetupContentsReader {
  clients?: (em: EntityManager, setupId: string, at: Date) => Promise<DeletedChild[]>;
  resourceServers?: (em: EntityManager, setupId: string, at: Date) => Promise<DeletedResourceServer[]>;
  /** Soft-deletes what the library keeps in the setup, with the setup's own deletion. */
  remove?: (em: EntityManager, setupId: string, deletion: Deletion) => Promise<unknown>;
  /** Runs first in the setup deletion's transaction, soft or not; returns events to record with it. */
  beforeDelete?: (em: EntityManager, setupId: string, at: Date, actor: string) => Promise<readonly DomainEvent[]>;
}

/**
 * The entities other libraries keep in a setup. The setups library knows none of their tables: the
 * libraries that own them register a reader when their module starts, and a setup deletion asks them
 * what it is about to delete (by cascade), so that each of those deletions can be announced.
 */
@Injectable()
export class SetupContents {
  private readonly readers: SetupContentsReader[] = [];

  register(reader: SetupContentsReader): void {
    this.readers.push(reader);
  }

  async read(
    em: EntityManager,
    setupId: string,
    at: Date,
  ): Promise<{ clients: DeletedChild[]; resourceServers: DeletedResourceServer[] }> {
    const clients: DeletedChild[] = [];
    const resourceServers: DeletedResourceServer[] = [];
    for (const reader of this.readers) {
      if (reader.clients) clients.push(...(await reader.clients(em, setupId, at)));
      if (reader.resourceServers) resourceServers.push(...(await reader.resourceServers(em, setupId, at)));
    }
    return { clients, resourceServers };
  }

  /** What the libraries do before the setup goes (e.g. revoke what its users consented to); their events. */
  async beforeDelete(em: EntityManager, setupId: string, at: Date, actor: string): Promise<DomainEvent[]> {
    const events: DomainEvent[] = [];
    for (const reader of this.readers) events.push(...((await reader.beforeDelete?.(em, setupId, at, actor)) ?? []));
    return events;
  }

  /** A soft deletion of the setup takes its contents with it (an erasure leaves that to the foreign keys). */
  async remove(em: EntityManager, setupId: string, deletion: Deletion): Promise<void> {
    for (const reader of this.readers) await reader.remove?.(em, setupId, deletion);
  }
}
