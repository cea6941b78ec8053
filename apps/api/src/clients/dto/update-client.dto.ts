import { ReadOnlyMember } from '../../http/read-only-member';
import { ClientBodyDto } from './client-body.dto';

/** The body of PUT: a complete definition, which may be what a read returned (its read-only members ignored). */
export class UpdateClientDto extends ClientBodyDto {
  @ReadOnlyMember('The internal client id, as reads return it.')
  clientId?: unknown;

  @ReadOnlyMember('The snapshot id, as reads return it.')
  snapshotId?: unknown;

  @ReadOnlyMember('The snapshot state, as snapshot reads return it.')
  state?: unknown;

  @ReadOnlyMember('Whether a secret is set, as reads return it (the secret itself is never returned).')
  client_secret_set?: unknown;
}
