import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@app/core';
import { SetupReader } from '../setup-reader';
import { toSetupView } from '../setup-view';
import { GetSetupQuery } from './get-setup.query';

@QueryHandler(GetSetupQuery)
export class GetSetupHandler implements IQueryHandler<GetSetupQuery> {
  constructor(
    private readonly reader: SetupReader,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, at }: GetSetupQuery) {
    return toSetupView(await this.reader.activeAt(setupId, at ?? this.clock.now()));
  }
}
