import type { DataSource } from 'typeorm';
import { DomainError, type TransactionRunner } from '@app/core';
import {
  at,
  openWidgetDatabase,
  T0,
  widgetId,
  WidgetSnapshotEntity,
  WidgetSnapshotMetadataEntity,
  widgetStates,
  widgetTimeline,
} from './widget.fixture';

describe('SnapshotTimeline', () => {
  let dataSource: DataSource;
  let tx: TransactionRunner;
  const sut = widgetTimeline();
  const run = <T>(work: Parameters<TransactionRunner['run']>[0]) => tx.run(work) as Promise<T>;

  beforeAll(async () => ({ dataSource, tx } = await openWidgetDatabase()));
  afterAll(() => dataSource.destroy());

  async function widget(requested?: Date, now = T0) {
    const wid = widgetId();
    await tx.run((em) => sut.create(em, { id: wid }, { label: 'v1' }, requested, now));
    return wid;
  }
  const inForce = (wid: string, when: Date) => sut.inForceAt(dataSource.manager, wid, when);
  const states = (wid: string, when: Date) => widgetStates(dataSource, sut, wid, when);

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
});
