import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * A check that a library above this one (clients) wraps around a setup edit, in the edit's
 * transaction: it may look at the state before and after `edit` and throw to refuse the change.
 */
export type SetupEditCheck = (
  em: EntityManager,
  setupId: string,
  now: Date,
  edit: () => Promise<void>,
) => Promise<void>;

/**
 * Where those checks are registered. The clients library depends on this one, not the other way
 * round, so it registers its check here at start-up rather than being called by name.
 */
@Injectable()
export class SetupEditChecks {
  private readonly checks: SetupEditCheck[] = [];

  register(check: SetupEditCheck): void {
    this.checks.push(check);
  }

  /** Runs `edit` inside every registered check (none: just the edit). */
  async around(em: EntityManager, setupId: string, now: Date, edit: () => Promise<void>): Promise<void> {
    const wrapped = this.checks.reduceRight<() => Promise<void>>(
      (inner, check) => () => check(em, setupId, now, inner),
      edit,
    );
    await wrapped();
  }
}
