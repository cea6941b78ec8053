import { ReadOnlyMember } from '../../http/read-only-member';
import { ResourceServerBodyDto } from './resource-server-body.dto';

/** The body of PUT: a complete definition, which may be what a read returned (its read-only members ignored). */
export class UpdateResourceServerDto extends ResourceServerBodyDto {
  @ReadOnlyMember('The resource server id, as reads return it.')
  resourceServerId?: unknown;

  @ReadOnlyMember('The snapshot id, as reads return it.')
  snapshotId?: unknown;

  @ReadOnlyMember('The snapshot state, as snapshot reads return it.')
  state?: unknown;
}
