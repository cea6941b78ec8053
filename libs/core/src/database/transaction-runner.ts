import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

type Work<T> = (manager: EntityManager) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

/** How many queued units share one SQLite commit at most. */
const MAX_GROUP = 256;

/**
 * Runs a unit of work in one transaction: all of it commits, or none of it.
 *
 * PostgreSQL: an ordinary transaction on a pooled connection.
 *
 * SQLite: TypeORM's better-sqlite3 driver has one connection and one query runner, so overlapping
 * `dataSource.transaction()` calls would nest as savepoints inside each other and one request's
 * rollback could undo another's work. Units are therefore queued, and the queue is drained with
 * group commit: the units waiting at that moment run one after another inside one transaction, each
 * in a savepoint of its own (a failing unit rolls back to it and only that caller sees the error),
 * and one COMMIT, one fsync, makes them all durable. No caller hears of success before that commit.
 * better-sqlite3 is synchronous, so a group runs start to end in microtasks and no request handler
 * reads the shared connection in between, as long as units await nothing but the database.
 */
@Injectable()
export class TransactionRunner {
  private readonly queue: Pending[] = [];
  private draining = false;
  private readonly grouped: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.grouped = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: Work<T>): Promise<T> {
    if (!this.grouped) return this.dataSource.transaction(work);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // Start on the next turn of the event loop, so the requests that arrived together join one group.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) await this.commitGroup(this.queue.splice(0, MAX_GROUP));
    } finally {
      this.draining = false;
    }
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await runner.startTransaction();
      for (const unit of group) {
        await runner.query('SAVEPOINT unit_of_work');
        try {
          const value = await unit.work(runner.manager);
          await runner.query('RELEASE unit_of_work');
          outcomes.push({ ok: true, value });
        } catch (error) {
          // Undoes this unit's writes only; if even that fails the whole group is rolled back below.
          await runner.query('ROLLBACK TO unit_of_work');
          await runner.query('RELEASE unit_of_work');
          outcomes.push({ ok: false, error });
        }
      }
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      for (const unit of group) unit.reject(error);
      return;
    } finally {
      await runner.release();
    }
    group.forEach((unit, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
  }
}
