import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs a unit of work in one transaction.
 *
 * Why a queue for SQLite: TypeORM's better-sqlite3 driver has one connection and one query runner.
 * Two overlapping `dataSource.transaction()` calls would nest as savepoints inside each other, so one
 * request's rollback could undo another's work. Writes on SQLite are serialised anyway, so queueing
 * them costs nothing; PostgreSQL uses its pool and row locks.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialise: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialise) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
