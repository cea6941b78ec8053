import { ReadOnlyMember } from '../../http/read-only-member';
import { SetupBodyDto } from './setup-body.dto';

/** The body of PUT: a complete definition, which may be what a read returned (its read-only members ignored). */
export class UpdateSetupDto extends SetupBodyDto {
  @ReadOnlyMember('The setup id, as reads return it.')
  setupId?: unknown;

  @ReadOnlyMember('The snapshot id, as reads return it.')
  snapshotId?: unknown;

  @ReadOnlyMember('The snapshot state, as snapshot reads return it.')
  state?: unknown;
}
