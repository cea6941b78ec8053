import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeletedChild, DeletedResourceServer } from './events/setup.events';

/** What one library keeps inside a setup, each entity with its snapshot in force at an instant. */
export interface SetupContentsReader {
  clients?: (em: EntityManager, setupId: string, at: Date) => Promise<DeletedChild[]>;
  resourceServers?: (em: EntityManager, setupId: string, at: Date) => Promise<DeletedResourceServer[]>;
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
}
