import { Logger } from '@nestjs/common';
import type { EventBus, IEvent } from '@nestjs/cqrs';
import { Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { AppConfigService } from '../config/app-config.service';
import { buildDataSourceOptions } from '../database/data-source-options';
import { TransactionRunner } from '../database/transaction-runner';
import { DomainEvent } from '../domain-event';
import { EventOutbox } from './event-outbox';

class ThingDeleted extends DomainEvent {
  readonly action = 'setup.deleted';
  readonly entityType = 'setup';
  constructor(
    id: string,
    readonly parts: string[],
  ) {
    super(id, id, null, null, 'tester', new Date('2026-11-26T12:00:00Z'));
  }
}

class PartDeleted extends DomainEvent {
  readonly action = 'client.deleted';
  readonly entityType = 'client';
}

/** The outbox on a real SQLite database with the product's migrations; an in-memory stand-in for the CQRS bus. */
describe('EventOutbox', () => {
  let dataSource: DataSource;
  let tx: TransactionRunner;
  let bus: Subject<IEvent>;
  let published: IEvent[];
  let sut: EventOutbox;
  const eventBus = () =>
    ({
      publishAll: (events: IEvent[]) => events.forEach((e) => bus.next(e)),
      subscribe: (fn: (e: IEvent) => void) => bus.subscribe(fn),
    }) as unknown as EventBus;
  const config = {
    outbox: { servers: ['nats://127.0.0.1:1'], stream: 'S', subjectPrefix: 'p', retentionSeconds: 60 },
  } as AppConfig;
  const outboxActions = async () =>
    (await dataSource.query('SELECT action, entity_id FROM outbox ORDER BY seq')) as Array<{
      action: string;
      entity_id: string;
    }>;

  beforeEach(async () => {
    dataSource = await new DataSource(buildDataSourceOptions({ type: 'sqlite', path: ':memory:' })).initialize();
    tx = new TransactionRunner(dataSource);
    bus = new Subject();
    published = [];
    bus.subscribe((e) => published.push(e));
    sut = new EventOutbox(tx, eventBus(), new AppConfigService(config));
    sut.onModuleInit();
    sut.derive(ThingDeleted, (e) =>
      e.parts.map((p) => new PartDeleted(e.setupId, p, null, null, e.actor, e.occurredAt)),
    );
  });
  afterEach(async () => {
    sut.onModuleDestroy();
    await dataSource.destroy();
  });

  it('records the announced and the derived events with the work, then publishes them in-process', async () => {
    const written: string[] = [];
    sut.writeWith({
      write: async (em, events) => {
        await em.query('SELECT 1');
        written.push(...events.map((e) => e.action));
      },
      part: () => ({ text: () => 'SELECT 1', values: [] }),
    });
    const result = await sut.run(
      async () => 'done',
      () => new ThingDeleted('a'.repeat(32), ['b'.repeat(32), 'c'.repeat(32)]),
    );
    expect(result).toBe('done');
    expect(await outboxActions()).toEqual([
      { action: 'setup.deleted', entity_id: 'a'.repeat(32) },
      { action: 'client.deleted', entity_id: 'b'.repeat(32) },
      { action: 'client.deleted', entity_id: 'c'.repeat(32) },
    ]);
    expect(written).toEqual(['setup.deleted', 'client.deleted', 'client.deleted']);
    expect(published.map((e) => (e as DomainEvent).action)).toEqual(written);
  });

  it('records and publishes nothing when the work fails', async () => {
    await expect(
      sut.run(
        async (em) => {
          await em.query("INSERT INTO setup (id, active_snapshot_id, created_at, revision) VALUES ('x', NULL, 0, 1)");
          throw new Error('refused');
        },
        () => new ThingDeleted('a'.repeat(32), []),
      ),
    ).rejects.toThrow('refused');
    expect(await outboxActions()).toEqual([]);
    expect(await dataSource.query('SELECT id FROM setup')).toEqual([]);
    expect(published).toEqual([]);
  });

  it('writes no outbox rows without NATS, and still runs the in-transaction writers and the bus', async () => {
    sut.onModuleDestroy();
    const embedded = new EventOutbox(tx, eventBus(), new AppConfigService({} as AppConfig));
    let writes = 0;
    embedded.writeWith({ write: async () => void writes++, part: () => ({ text: () => 'SELECT 1', values: [] }) });
    await embedded.run(
      async () => undefined,
      () => new ThingDeleted('a'.repeat(32), []),
    );
    expect(await outboxActions()).toEqual([]);
    expect(writes).toBe(1);
    expect(published).toHaveLength(1);
  });

  it('reports a domain event published on the bus without it: such an event is neither stored nor audited', () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const stray = new ThingDeleted('d'.repeat(32), []);
      bus.next(stray);
      expect(errors).toHaveBeenCalledWith(
        expect.stringContaining(`ThingDeleted ${stray.eventId} was published on the EventBus without EventOutbox.run`),
      );
    } finally {
      errors.mockRestore();
    }
  });

  describe('runShared', () => {
    const insertSetup = (id: string) =>
      sut.run(
        async (em) => {
          await em.query(
            `INSERT INTO setup (id, active_snapshot_id, created_at, revision) VALUES ('${id}', NULL, 0, 1)`,
          );
          return id;
        },
        () => new PartDeleted(id, id, null, null, 'tester', new Date()),
      );
    const setups = async () =>
      ((await dataSource.query('SELECT id FROM setup ORDER BY id')) as Array<{ id: string }>).map((r) => r.id);

    it('joins the commands run inside it into one transaction, drops a failed step, and records one batch', async () => {
      const result = await sut.runShared(
        new Date(),
        true,
        async (step) => {
          await step(() => insertSetup('s1'));
          await expect(
            step(async () => {
              await insertSetup('s2');
              throw new Error('this step fails');
            }),
          ).rejects.toThrow('this step fails');
          await step(() => insertSetup('s3'));
          return 'applied';
        },
        () => [new ThingDeleted('a'.repeat(32), [])],
      );
      expect(result).toBe('applied');
      expect(await setups()).toEqual(['s1', 's3']);
      expect((await outboxActions()).map((r) => `${r.action} ${r.entity_id}`)).toEqual([
        'client.deleted s1',
        'client.deleted s3',
        `setup.deleted ${'a'.repeat(32)}`,
      ]);
      expect(published).toHaveLength(3);
    });

    it('as a dry run answers the result and leaves no trace', async () => {
      const result = await sut.runShared(
        new Date(),
        false,
        async (step) => step(() => insertSetup('s1')),
        () => [new ThingDeleted('a'.repeat(32), [])],
      );
      expect(result).toBe('s1');
      expect(await setups()).toEqual([]);
      expect(await outboxActions()).toEqual([]);
      expect(published).toEqual([]);
    });
  });
});
