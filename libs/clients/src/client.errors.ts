import { type Actor, DomainError, NotFoundError } from '@app/core';

export function forbiddenClient(actor: Actor): DomainError {
  return new DomainError(
    'FORBIDDEN',
    `"${actor.subject}" may only manage the clients it owns (owner "${actor.subject}").`,
  );
}

export function clientNotFound(clientId: string): NotFoundError {
  return new NotFoundError('CLIENT_NOT_FOUND', `No client with id "${clientId}" exists in this setup.`);
}
