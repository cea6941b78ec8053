import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@app/core';
import { jsonPatch } from '@app/core';
import { SnapshotBodies } from '../../snapshot-bodies';
import { type SnapshotDiff, SnapshotDiffQuery } from './snapshot-diff.query';

@QueryHandler(SnapshotDiffQuery)
export class SnapshotDiffHandler implements IQueryHandler<SnapshotDiffQuery> {
  constructor(private readonly bodies: SnapshotBodies) {}

  async execute({ entity, snapshotId, toSnapshotId }: SnapshotDiffQuery): Promise<SnapshotDiff> {
    const from = await this.bodies.body(entity, snapshotId);
    const to = toSnapshotId ?? (await this.bodies.inForceNow(entity));
    if (!to) throw new DomainError('SNAPSHOT_NOT_FOUND', 'No snapshot is in force now; name one with ?to=.');
    return { from: snapshotId, to, patch: jsonPatch(from, await this.bodies.body(entity, to)) };
  }
}
