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

let running = 0;

/**
 * Runs `work` as the shared unit `unit`. Once no unit is running any more the storage is disabled:
 * on Node 20 an enabled AsyncLocalStorage runs a hook for every promise the process makes, in every
 * request, for good (14 % of the CPU of a create, BENCHMARKS.md, fourth round). The next unit enables it again.
 */
export async function runSharedUnit<T>(unit: SharedUnit, work: () => Promise<T>): Promise<T> {
  running++;
  try {
    return await sharedUnits.run(unit, work);
  } finally {
    if (--running === 0) sharedUnits.disable();
  }
}

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
