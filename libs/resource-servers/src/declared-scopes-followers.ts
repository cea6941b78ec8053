import { Injectable } from '@nestjs/common';
import type { DomainEvent } from '@app/core';
import type { EntityManager } from 'typeorm';

/** See DeclaredScopesFollowers. */
export type DeclaredScopesFollower = (
  em: EntityManager,
  setupIds: readonly string[],
  now: Date,
  actor: string,
) => Promise<readonly DomainEvent[]>;

/**
 * What other libraries do, in the writing transaction, when the scopes a setup's resource servers
 * declare may have shrunk at `now` (an immediate edit or a deletion; scheduled ones through the
 * activation). This library knows nothing of them: they register here when their module starts.
 */
@Injectable()
export class DeclaredScopesFollowers {
  private readonly followers: DeclaredScopesFollower[] = [];

  follow(follower: DeclaredScopesFollower): void {
    this.followers.push(follower);
  }

  /** Runs every follower; returns the events to record with the write. */
  async changed(em: EntityManager, setupIds: readonly string[], now: Date, actor: string): Promise<DomainEvent[]> {
    const events: DomainEvent[] = [];
    for (const follower of this.followers) events.push(...(await follower(em, setupIds, now, actor)));
    return events;
  }
}
