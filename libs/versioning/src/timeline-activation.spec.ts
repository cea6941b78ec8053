import type { DataSource } from 'typeorm';
import { AppConfigService, type AppConfig, DomainEvent, EventOutbox, type TransactionRunner } from '@app/core';
import type { EventBus, IEvent } from '@nestjs/cqrs';
import { TimelineActivation } from './timeline-activation';
import {
  at,
  type Doc,
  openWidgetDatabase,
  T0,
  WidgetEntity,
  widgetId,
  type WidgetSnapshotEntity,
  WidgetSnapshotEntity as WidgetSnapshots,
  widgetStates,
  widgetTimeline,
} from './widget.fixture';

class WidgetActivated extends DomainEvent {
  readonly action = 'widget.snapshot-activated';
  readonly entityType = 'widget';
}

describe('TimelineActivation', () => {
  let dataSource: DataSource;
  let tx: TransactionRunner;
  const sut = widgetTimeline();
  const run = <T>(work: Parameters<TransactionRunner['run']>[0]) => tx.run(work) as Promise<T>;
  class WidgetActivation extends TimelineActivation<WidgetEntity, WidgetSnapshotEntity, Doc> {
    constructor(events: EventOutbox) {
      super(tx, sut, events, dataSource);
    }
    protected announce(a: { ownerId: string; snapshotId: string; validFrom: Date }, now: Date) {
      return new WidgetActivated(a.ownerId, a.ownerId, a.snapshotId, a.validFrom, 'scheduler', now);
    }
  }
  /** Without NATS the events go to the bus after each batch commits; this bus records them. */
  const announced: DomainEvent[] = [];
  const bus = { publishAll: (events: IEvent[]) => announced.push(...(events as DomainEvent[])) } as unknown as EventBus;
  let activation: WidgetActivation;

  beforeAll(async () => {
    ({ dataSource, tx } = await openWidgetDatabase());
    activation = new WidgetActivation(new EventOutbox(tx, bus, new AppConfigService({} as AppConfig)));
  });
  afterAll(() => dataSource.destroy());

  async function widget(requested?: Date, now = T0) {
    const wid = widgetId();
    await tx.run((em) => sut.create(em, { id: wid }, { label: 'v1' }, requested, now));
    return wid;
  }
  const inForce = (wid: string, when: Date) => sut.inForceAt(dataSource.manager, wid, when);
  const states = (wid: string, when: Date) => widgetStates(dataSource, sut, wid, when);

  beforeEach(async () => {
    // Leave nothing due from earlier tests.
    await tx.run((em) => em.getRepository(WidgetSnapshots).update({ state: 'scheduled' }, { state: 'settled' }));
  });

  it('activates nothing before valid_from and the snapshot once it is due, exactly once', async () => {
    const wid = await widget();
    await run((em) => sut.edit(em, wid, { validFrom: at(60) }, T0, () => ({ content: { label: 'v2' } })));
    expect(await activation.nextDueAt(dataSource.manager)).toEqual(at(60));
    expect(
      (await run<{ activations: unknown[] }>((em) => activation.activateBatch(em, at(59.999), 100))).activations,
    ).toEqual([]);

    const { activations } = await run<{ activations: Array<Record<string, unknown>> }>((em) =>
      activation.activateBatch(em, at(60), 100),
    );
    expect(activations).toEqual([expect.objectContaining({ ownerId: wid, validFrom: at(60), skippedSnapshotIds: [] })]);
    expect(await states(wid, at(60))).toEqual([
      ['v1', 'historical', 'settled'],
      ['v2', 'active', 'settled'],
    ]);
    expect((await dataSource.getRepository(WidgetEntity).findOneByOrFail({ id: wid })).activeSnapshotId).toBe(
      activations[0].snapshotId,
    );
    expect(
      (await run<{ activations: unknown[] }>((em) => activation.activateBatch(em, at(61), 100))).activations,
    ).toEqual([]);
    expect(await activation.nextDueAt(dataSource.manager)).toBeNull();
  });

  it('catches up after downtime: the latest due snapshot wins and the earlier due ones go straight to historical', async () => {
    const wid = await widget();
    for (const [label, s] of [
      ['v2', 10],
      ['v3', 20],
      ['v4', 30],
      ['v5', 999],
    ] as const) {
      await run((em) => sut.edit(em, wid, { validFrom: at(s) }, T0, () => ({ content: { label } })));
    }
    const { activations } = await run<{
      activations: Array<{ skippedSnapshotIds: string[]; previousSnapshotId: string }>;
    }>((em) => activation.activateBatch(em, at(45), 100));
    expect(activations).toHaveLength(1);
    expect(activations[0].skippedSnapshotIds).toHaveLength(2);
    expect(await states(wid, at(45))).toEqual([
      ['v1', 'historical', 'settled'],
      ['v2', 'historical', 'settled'],
      ['v3', 'historical', 'settled'],
      ['v4', 'active', 'settled'],
      ['v5', 'scheduled', 'scheduled'],
    ]);
    expect(activations[0].previousSnapshotId).toBe((await inForce(wid, T0))!.id);
  });

  it('works through any number of due snapshots in batches and announces each activation once', async () => {
    const ids = await Promise.all(Array.from({ length: 25 }, () => widget(at(5))));
    announced.length = 0;
    const total = await activation.activateDue(at(5), 4);
    expect(total).toBe(25);
    expect(announced.map((e) => e.entityId).sort()).toEqual([...ids].sort());
  });
});
