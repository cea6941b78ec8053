import { Column, DataSource, Entity, Index } from 'typeorm';
import {
  AppConfigService,
  type AppConfig,
  DomainError,
  DomainEvent,
  EventOutbox,
  NotFoundError,
  TransactionRunner,
} from '@app/core';
import type { EventBus, IEvent } from '@nestjs/cqrs';
import { TimelineActivation } from './activation-runner';
import { SnapshotTimeline } from './snapshot-timeline';
import { SnapshotEntityBase, SnapshotMetadataBase, VersionedEntityBase } from './versioned.entities';

interface Doc {
  label: string;
  metadata?: Array<{ name: string; value?: string }>;
}

@Entity('widget')
class WidgetEntity extends VersionedEntityBase {}

@Entity('widget_snapshot')
// The products' migrations create the same unique index for every snapshot table.
@Index('uq_widget_snapshot_widget_valid_from', ['ownerId', 'validFrom'], { unique: true })
class WidgetSnapshotEntity extends SnapshotEntityBase<Doc> {
  @Column({ name: 'widget_id', type: 'varchar', length: 32 })
  ownerId: string;
}

@Entity('widget_snapshot_metadata')
class WidgetSnapshotMetadataEntity extends SnapshotMetadataBase {}

const T0 = new Date('2026-12-01T08:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/**
 * The timeline on a real in-memory SQLite database, with time passed in explicitly: no clock, no sleeping.
 * (A throwaway test entity, so the schema comes from `synchronize`; the product's tables come from migrations.)
 */
describe('SnapshotTimeline', () => {
  let dataSource: DataSource;
  let tx: TransactionRunner;
  const sut = new SnapshotTimeline<WidgetEntity, WidgetSnapshotEntity, Doc>({
    label: 'widget',
    entity: WidgetEntity,
    snapshot: WidgetSnapshotEntity,
    metadata: WidgetSnapshotMetadataEntity,
    ownerColumn: 'widget_id',
    notFound: (id) => new NotFoundError('CLIENT_NOT_FOUND', `no widget ${id}`),
    describe: (doc) => ({ name: doc.label, metadata: doc.metadata }),
  });
  let n = 0;
  const id = () => (++n).toString(16).padStart(32, '0');
  const run = <T>(work: Parameters<TransactionRunner['run']>[0]) => tx.run(work) as Promise<T>;

  beforeAll(async () => {
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [WidgetEntity, WidgetSnapshotEntity, WidgetSnapshotMetadataEntity],
      synchronize: true,
    }).initialize();
    tx = new TransactionRunner(dataSource);
  });
  afterAll(() => dataSource.destroy());

  async function widget(requested?: Date, now = T0) {
    const wid = id();
    await tx.run((em) => sut.create(em, { id: wid }, { label: 'v1' }, requested, now));
    return wid;
  }
  const inForce = (wid: string, when: Date) => sut.inForceAt(dataSource.manager, wid, when);
  /** Each snapshot's label, the state a reader sees at `when`, and the state the scheduler recorded. */
  const states = async (wid: string, when: Date) => {
    const rows = await dataSource
      .getRepository(WidgetSnapshotEntity)
      .find({ where: { ownerId: wid }, order: { validFrom: 'ASC' } });
    return Promise.all(
      rows.map(async (s) => [s.content.label, await sut.stateOf(dataSource.manager, s, when), s.state]),
    );
  };

  it('serves a snapshot from its valid_from on, never before', async () => {
    const wid = await widget();
    await run((em) => sut.edit(em, wid, { validFrom: at(60) }, T0, () => ({ content: { label: 'v2' } })));
    expect((await inForce(wid, at(59.999)))!.content.label).toBe('v1');
    expect((await inForce(wid, at(60)))!.content.label).toBe('v2');
    expect(await inForce(wid, new Date(T0.getTime() - 1))).toBeNull();
  });

  it('answers NOT_YET_VALID with the first instant for an entity that is only scheduled', async () => {
    const wid = await widget(at(30));
    await expect(sut.activeOrThrow(dataSource.manager, wid, T0)).rejects.toMatchObject({
      code: 'NOT_YET_VALID',
      extensions: { valid_from: at(30).toISOString() },
    });
    await expect(sut.activeOrThrow(dataSource.manager, wid, at(30))).resolves.toMatchObject({
      content: { label: 'v1' },
    });
  });

  it('refuses a second scheduled snapshot at the same instant', async () => {
    const wid = await widget();
    await run((em) => sut.edit(em, wid, { validFrom: at(60) }, T0, () => ({ content: { label: 'v2' } })));
    await expect(
      run((em) => sut.edit(em, wid, { validFrom: at(60) }, T0, () => ({ content: { label: 'v3' } }))),
    ).rejects.toMatchObject({
      code: 'SNAPSHOT_CONFLICT',
    });
  });

  it('makes an immediate edit active and its predecessor historical, even within one millisecond', async () => {
    const wid = await widget();
    const first = await run<{ snapshot: WidgetSnapshotEntity }>((em) =>
      sut.edit(em, wid, {}, T0, () => ({ content: { label: 'v2' } })),
    );
    expect(first.snapshot.validFrom.getTime()).toBe(T0.getTime() + 1);
    expect(await states(wid, at(1))).toEqual([
      ['v1', 'historical', 'settled'],
      ['v2', 'active', 'settled'],
    ]);
  });

  it('replaces the active snapshot in place and refuses to do so with a future valid_from', async () => {
    const wid = await widget();
    const before = await inForce(wid, T0);
    await run((em) =>
      sut.edit(em, wid, { replaceActive: true }, at(1), () => ({
        content: { label: 'fixed', metadata: [{ name: 'k', value: 'v' }] },
      })),
    );
    const after = await inForce(wid, at(1));
    expect(after).toMatchObject({ id: before!.id, validFrom: before!.validFrom, name: 'fixed' });
    expect(await dataSource.getRepository(WidgetSnapshotMetadataEntity).findBy({ snapshotId: before!.id })).toEqual([
      expect.objectContaining({ name: 'k', value: 'v' }),
    ]);
    await expect(
      run((em) =>
        sut.edit(em, wid, { replaceActive: true, validFrom: at(60) }, at(1), () => ({ content: { label: 'x' } })),
      ),
    ).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });

  it('checks If-Match against the revision and counts every write', async () => {
    const wid = await widget();
    const edit = (precondition: '*' | number[]) =>
      run<{ revision: number }>((em) =>
        sut.edit(em, wid, { precondition }, at(1), () => ({ content: { label: 'x' } })),
      );
    await expect(edit([7])).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(edit([1])).resolves.toMatchObject({ revision: 2 });
    await expect(edit([1])).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(edit('*')).resolves.toMatchObject({ revision: 3 });
  });

  it('deletes only scheduled snapshots', async () => {
    const wid = await widget();
    const scheduled = await run<{ snapshot: WidgetSnapshotEntity }>((em) =>
      sut.edit(em, wid, { validFrom: at(60) }, T0, () => ({ content: { label: 'v2' } })),
    );
    const active = (await inForce(wid, at(1)))!;
    await expect(run((em) => sut.removeSnapshot(em, wid, active.id, undefined, at(1)))).rejects.toMatchObject({
      code: 'SNAPSHOT_NOT_DELETABLE',
    });
    await expect(run((em) => sut.removeSnapshot(em, wid, 'f'.repeat(32), undefined, at(1)))).rejects.toMatchObject({
      code: 'SNAPSHOT_NOT_FOUND',
    });
    // Once its instant has passed it is in force, even if the scheduler has not recorded it yet.
    await expect(
      run((em) => sut.removeSnapshot(em, wid, scheduled.snapshot.id, undefined, at(60))),
    ).rejects.toBeInstanceOf(DomainError);
    await run((em) => sut.removeSnapshot(em, wid, scheduled.snapshot.id, undefined, at(59)));
    expect(await sut.snapshotIds(dataSource.manager, wid)).toEqual([active.id]);
  });

  it('derives the state a reader sees from the clock', async () => {
    const wid = await widget();
    const next = await run<{ snapshot: WidgetSnapshotEntity }>((em) =>
      sut.edit(em, wid, { validFrom: at(60) }, T0, () => ({ content: { label: 'v2' } })),
    );
    const first = (await inForce(wid, T0))!;
    expect(await sut.stateOf(dataSource.manager, next.snapshot, at(59))).toBe('scheduled');
    expect(await sut.stateOf(dataSource.manager, first, at(59))).toBe('active');
    expect(await sut.stateOf(dataSource.manager, next.snapshot, at(60))).toBe('active');
    expect(await sut.stateOf(dataSource.manager, first, at(60))).toBe('historical');
    expect(await sut.snapshotIds(dataSource.manager, wid, at(59))).toEqual([first.id]);
    expect(await sut.snapshotIds(dataSource.manager, wid, at(60))).toEqual([next.snapshot.id]);
  });

  describe('activation', () => {
    beforeEach(async () => {
      // Leave nothing due from earlier tests.
      await tx.run((em) => em.getRepository(WidgetSnapshotEntity).update({ state: 'scheduled' }, { state: 'settled' }));
    });

    it('activates nothing before valid_from and the snapshot once it is due, exactly once', async () => {
      const wid = await widget();
      await run((em) => sut.edit(em, wid, { validFrom: at(60) }, T0, () => ({ content: { label: 'v2' } })));
      expect(await sut.nextDueAt(dataSource.manager)).toEqual(at(60));
      expect((await run<{ activations: unknown[] }>((em) => sut.activateDue(em, at(59.999), 100))).activations).toEqual(
        [],
      );

      const { activations } = await run<{ activations: Array<Record<string, unknown>> }>((em) =>
        sut.activateDue(em, at(60), 100),
      );
      expect(activations).toEqual([
        expect.objectContaining({ ownerId: wid, validFrom: at(60), skippedSnapshotIds: [] }),
      ]);
      expect(await states(wid, at(60))).toEqual([
        ['v1', 'historical', 'settled'],
        ['v2', 'active', 'settled'],
      ]);
      expect((await dataSource.getRepository(WidgetEntity).findOneByOrFail({ id: wid })).activeSnapshotId).toBe(
        activations[0].snapshotId,
      );
      expect((await run<{ activations: unknown[] }>((em) => sut.activateDue(em, at(61), 100))).activations).toEqual([]);
      expect(await sut.nextDueAt(dataSource.manager)).toBeNull();
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
      }>((em) => sut.activateDue(em, at(45), 100));
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
      const announced: string[] = [];
      const bus = {
        publishAll: (events: IEvent[]) => announced.push(...events.map((e) => (e as DomainEvent).entityId)),
      } as unknown as EventBus;
      // No NATS configured: the events go to the bus after each batch commits.
      const events = new EventOutbox(tx, bus, new AppConfigService({} as AppConfig));
      class WidgetActivated extends DomainEvent {
        readonly action = 'widget.snapshot-activated';
        readonly entityType = 'setup';
      }
      class WidgetActivation extends TimelineActivation<WidgetEntity, WidgetSnapshotEntity, Doc> {
        constructor() {
          super(tx, sut, events, dataSource);
        }
        protected announce(a: { ownerId: string; snapshotId: string; validFrom: Date }, now: Date) {
          return new WidgetActivated(a.ownerId, a.ownerId, a.snapshotId, a.validFrom, 'scheduler', now);
        }
      }
      const total = await new WidgetActivation().activateDue(at(5), 4);
      expect(total).toBe(25);
      expect(announced.sort()).toEqual([...ids].sort());
    });
  });
});
