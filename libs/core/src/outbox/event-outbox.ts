import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { Subscription } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { AppConfigService } from '../config/app-config.service';
import { type InsertGuard, insertAtOnce, type InsertPart, type RowSet } from '../database/insert-row';
import { TransactionRunner } from '../database/transaction-runner';
import { DomainEvent } from '../domain-event';
import { insertOutboxRows, outboxPart } from './outbox-table';
import { inSavepoint, runSharedUnit, type SharedUnit, sharedUnits } from './shared-unit';

type EventClass<E extends DomainEvent> = abstract new (...args: never[]) => E;
/** Events that follow from an event in the same transaction, e.g. a client deletion for each client of a deleted setup. */
type Derivation = (event: DomainEvent) => readonly DomainEvent[];
/** Writes that belong to the change itself, e.g. the audit trail; database work only. */
interface TransactionalWriter {
  write(em: EntityManager, events: readonly DomainEvent[]): Promise<void>;
  /** PostgreSQL: the same rows as one INSERT of a combined statement (`insertAtOnce`). */
  part(events: readonly DomainEvent[]): InsertPart;
}

/**
 * The one way domain events leave a command: `run(work, announce)` runs the work in one transaction
 * and, in that same transaction, writes the events it announces (and those that follow from them) to
 * the outbox table and to the in-transaction writers such as the audit trail. So an event is stored
 * exactly when its change is. After the commit the events go to the in-process EventBus; the
 * OutboxRelay carries the stored rows to NATS JetStream, also after a crash right after the commit.
 *
 * Without NATS (no `outbox` configuration) nothing is written to the outbox table: the in-transaction
 * writers and the EventBus are the only consumers.
 */
@Injectable()
export class EventOutbox implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(EventOutbox.name);
  private readonly derivations: Array<{ type: EventClass<DomainEvent>; derive: Derivation }> = [];
  private readonly writers: TransactionalWriter[] = [];
  private readonly committedListeners: Array<() => void> = [];
  private readonly dispatched = new WeakSet<DomainEvent>();
  private readonly toOutbox: boolean;
  private subscription?: Subscription;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly eventBus: EventBus,
    config: AppConfigService,
  ) {
    this.toOutbox = config.values.outbox !== undefined;
  }

  /**
   * Runs `work` in one transaction, records the events `announce` makes of its result in that
   * transaction, and publishes them in-process once it has committed. A handler that used to
   * `tx.run(work)` and then `eventBus.publish(event)` moves the event into `announce`.
   */
  async run<T>(
    work: (em: EntityManager) => Promise<T>,
    announce: (result: T) => DomainEvent | readonly DomainEvent[],
  ): Promise<T> {
    const shared = sharedUnits.getStore();
    if (shared) {
      const value = await work(shared.em);
      shared.events.push(...this.withDerived(announce(value)));
      return value;
    }
    let events: DomainEvent[] = [];
    const result = await this.tx.run(async (em) => {
      const value = await work(em);
      events = this.withDerived(announce(value));
      await this.record(em, events);
      return value;
    });
    this.dispatch(events);
    return result;
  }

  /**
   * Whether `insertAtOnce` can take a unit: on PostgreSQL, outside a shared unit (which has its own
   * transaction).
   */
  canInsertAtOnce(em: EntityManager): boolean {
    return em.connection.options.type === 'postgres' && !em.queryRunner && !sharedUnits.getStore();
  }

  /**
   * `run` for a unit of work that only inserts the rows of a new entity, on PostgreSQL (see
   * `canInsertAtOnce`): the rows, the outbox rows and the writers' rows (the audit entries) of the
   * events `announce` makes of `value` go in as one statement, which commits on its own. That is one
   * round trip where a transaction takes five (BEGIN, the rows, a check, the audit entry, COMMIT),
   * with the same guarantee: the events are stored exactly when the change is. The guard is asked in
   * the same statement (see InsertGuard). True once committed, and the events are published as after
   * `run`; false when the guard refused: nothing was written, and the caller runs its transactional
   * path instead.
   */
  async insertAtOnce<T>(
    em: EntityManager,
    sets: readonly RowSet[],
    guard: InsertGuard,
    value: T,
    announce: (result: T) => DomainEvent | readonly DomainEvent[],
  ): Promise<boolean> {
    const events = this.withDerived(announce(value));
    const parts = [
      ...(this.toOutbox && events.length ? [outboxPart(em, events)] : []),
      ...(events.length ? this.writers.map((writer) => writer.part(events)) : []),
    ];
    if (!(await insertAtOnce(em, sets, parts, guard))) return false;
    this.dispatch(events);
    return true;
  }

  /**
   * Runs several commands as one unit (see SharedUnit): `work` gets a `step` that runs one part in a
   * savepoint (a failing part leaves no trace, and the others go on). With `commit`, the unit commits
   * with the events of every step and those `announce` adds; without, it is rolled back (a dry run)
   * and `work`'s result is answered all the same.
   */
  async runShared<T>(
    now: Date,
    commit: boolean,
    work: (step: <S>(part: () => Promise<S>) => Promise<S>, unit: SharedUnit) => Promise<T>,
    announce: (result: T, events: readonly DomainEvent[]) => readonly DomainEvent[],
  ): Promise<T> {
    let events: DomainEvent[] = [];
    let outcome: { value: T } | undefined;
    try {
      await this.tx.run(async (em) => {
        const unit: SharedUnit = { em, now, events: [], savepoints: 0 };
        const value = await runSharedUnit(unit, () => work((part) => inSavepoint(unit, part), unit));
        outcome = { value };
        if (!commit) throw new DryRunRollback();
        events = [...unit.events, ...this.withDerived(announce(value, unit.events))];
        await this.record(em, events);
      });
    } catch (err) {
      if (!(err instanceof DryRunRollback) || !outcome) throw err;
      return outcome.value;
    }
    this.dispatch(events);
    return outcome!.value;
  }

  /** Registers events that follow from `type` and are recorded with it (libraries register at module init). */
  derive<E extends DomainEvent>(type: EventClass<E>, derive: (event: E) => readonly DomainEvent[]): void {
    this.derivations.push({ type, derive: derive as Derivation });
  }

  /** Registers a writer that runs in the transaction of every recorded batch of events. */
  writeWith(writer: TransactionalWriter): void {
    this.writers.push(writer);
  }

  /** Called after each commit that stored outbox rows (the relay wakes up). */
  onCommitted(listener: () => void): void {
    this.committedListeners.push(listener);
  }

  /**
   * A DomainEvent published on the bus directly, not through `run`, reaches neither the outbox nor the
   * audit trail: say so loudly, so that such a handler is found and converted.
   */
  onModuleInit(): void {
    this.subscription = this.eventBus.subscribe((event) => {
      if (event instanceof DomainEvent && !this.dispatched.has(event)) {
        this.logger.error(
          `${event.constructor.name} ${event.eventId} was published on the EventBus without EventOutbox.run: it is neither stored, audited nor sent to NATS`,
        );
      }
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private withDerived(announced: DomainEvent | readonly DomainEvent[]): DomainEvent[] {
    const out: DomainEvent[] = [];
    const visit = (event: DomainEvent) => {
      out.push(event);
      for (const { type, derive } of this.derivations) if (event instanceof type) derive(event).forEach(visit);
    };
    (Array.isArray(announced) ? (announced as readonly DomainEvent[]) : [announced as DomainEvent]).forEach(visit);
    return out;
  }

  private async record(em: EntityManager, events: readonly DomainEvent[]): Promise<void> {
    if (!events.length) return;
    if (this.toOutbox) await insertOutboxRows(em, events);
    for (const writer of this.writers) await writer.write(em, events);
  }

  private dispatch(events: readonly DomainEvent[]): void {
    if (!events.length) return;
    for (const event of events) this.dispatched.add(event);
    this.eventBus.publishAll([...events]);
    if (this.toOutbox) for (const listener of this.committedListeners) listener();
  }
}

/** Thrown to roll a dry run back; never leaves runShared. */
class DryRunRollback extends Error {}
