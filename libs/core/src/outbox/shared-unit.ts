import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '../domain-event';

/**
 * A unit of work that several commands share (a change set): one transaction, one instant. While one
 * is running, `EventOutbox.run` joins its transaction instead of opening its own, and the injected
 * Clock answers the unit's instant, so that every command of the unit writes at the same `now`.
 */
export interface SharedUnit {
  em: EntityManager;
  now: Date;
  /** The events the commands announced so far; recorded and published with the unit. */
  events: DomainEvent[];
  savepoints: number;
}

export const sharedUnits = new AsyncLocalStorage<SharedUnit>();

/** Runs `work` in a savepoint of the shared unit: when it fails, its writes and its events are undone. */
export async function inSavepoint<T>(unit: SharedUnit, work: () => Promise<T>): Promise<T> {
  const name = `shared_step_${++unit.savepoints}`;
  const eventCount = unit.events.length;
  await unit.em.query(`SAVEPOINT ${name}`);
  try {
    const value = await work();
    await unit.em.query(`RELEASE SAVEPOINT ${name}`);
    return value;
  } catch (err) {
    await unit.em.query(`ROLLBACK TO SAVEPOINT ${name}`);
    await unit.em.query(`RELEASE SAVEPOINT ${name}`);
    unit.events.length = eventCount;
    throw err;
  }
}
