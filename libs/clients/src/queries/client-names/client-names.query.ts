import { Query } from '@nestjs/cqrs';

/** Internal id → name of every client in force now. */
export class ClientNamesQuery extends Query<{ clientNames: Record<string, string | null> }> {
  constructor(readonly setupId: string) {
    super();
  }
}
