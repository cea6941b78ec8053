import { Query } from '@nestjs/cqrs';
import type { InitialAccessTokenView } from '../../entities/initial-access-token.entity';

/** The initial access tokens of a setup, newest first, without the tokens themselves. */
export class ListInitialAccessTokensQuery extends Query<InitialAccessTokenView[]> {
  constructor(readonly setupId: string) {
    super();
  }
}
