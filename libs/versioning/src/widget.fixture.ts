import { Column, DataSource, Entity, Index } from 'typeorm';
import { NotFoundError, TransactionRunner } from '@app/core';
import { SnapshotTimeline } from './snapshot-timeline';
import { SnapshotEntityBase, SnapshotMetadataBase, VersionedEntityBase } from './versioned.entities';

/**
 * A throwaway versioned entity kind for the versioning specs, on a real in-memory SQLite database with
 * time passed in explicitly: no clock, no sleeping. (Its schema comes from `synchronize`; the product's
 * tables come from migrations.)
 */
export interface Doc {
  label: string;
  metadata?: Array<{ name: string; value?: string }>;
}

@Entity('widget')
export class WidgetEntity extends VersionedEntityBase {}

@Entity('widget_snapshot')
// The products' migrations create the same unique index for every snapshot table.
@Index('uq_widget_snapshot_widget_valid_from', ['ownerId', 'validFrom'], { unique: true })
export class WidgetSnapshotEntity extends SnapshotEntityBase<Doc> {
  @Column({ name: 'widget_id', type: 'varchar', length: 32 })
  ownerId: string;
}

@Entity('widget_snapshot_metadata')
export class WidgetSnapshotMetadataEntity extends SnapshotMetadataBase {}

export const T0 = new Date('2026-12-01T08:00:00.000Z');
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export type WidgetTimeline = SnapshotTimeline<WidgetEntity, WidgetSnapshotEntity, Doc>;

export function widgetTimeline(): WidgetTimeline {
  return new SnapshotTimeline<WidgetEntity, WidgetSnapshotEntity, Doc>({
    label: 'widget',
    entity: WidgetEntity,
    snapshot: WidgetSnapshotEntity,
    metadata: WidgetSnapshotMetadataEntity,
    ownerColumn: 'widget_id',
    notFound: (id) => new NotFoundError('CLIENT_NOT_FOUND', `no widget ${id}`),
    describe: (doc) => ({ name: doc.label, metadata: doc.metadata }),
  });
}

export async function openWidgetDatabase(): Promise<{ dataSource: DataSource; tx: TransactionRunner }> {
  const dataSource = await new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: [WidgetEntity, WidgetSnapshotEntity, WidgetSnapshotMetadataEntity],
    synchronize: true,
  }).initialize();
  return { dataSource, tx: new TransactionRunner(dataSource) };
}

let n = 0;
/** A fresh widget id. */
export const widgetId = () => (++n).toString(16).padStart(32, '0');

/** Each snapshot's label, the state a reader sees at `when`, and the state the scheduler recorded. */
export async function widgetStates(dataSource: DataSource, timeline: WidgetTimeline, wid: string, when: Date) {
  const rows = await dataSource
    .getRepository(WidgetSnapshotEntity)
    .find({ where: { ownerId: wid }, order: { validFrom: 'ASC' } });
  return Promise.all(
    rows.map(async (s) => [s.content.label, await timeline.stateOf(dataSource.manager, s, when), s.state]),
  );
}
