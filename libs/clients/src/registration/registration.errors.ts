import { DomainError, NotFoundError } from '@app/core';

/** RFC 7592 §2: a registration access token that is unknown, or not this client's, is an invalid bearer token (401). */
export function invalidRegistrationToken(): DomainError {
  return new DomainError('UNAUTHENTICATED', 'The registration access token is not valid for this client.');
}

/** RFC 7591 §3 with RFC 6750 §3.1: no token at all where one is required is 401. */
export function registrationTokenRequired(accepted: string): DomainError {
  return new DomainError(
    'UNAUTHENTICATED',
    `Registering a client of this setup needs a bearer token: ${accepted} (Authorization: Bearer <token>).`,
  );
}

/** A bearer token that is neither an API token nor an initial access token (unknown, or revoked): 401. */
export function unknownBearerToken(): DomainError {
  return new DomainError(
    'UNAUTHENTICATED',
    'The bearer token is neither a valid API token nor an initial access token (it may have been revoked).',
  );
}

/** A known initial access token that cannot be used here (expired, used up, another setup, not accepted): 403. */
export function initialAccessTokenRefused(reason: string): DomainError {
  return new DomainError('FORBIDDEN', `The initial access token cannot be used: ${reason}.`);
}

export function tooManyClients(max: number): DomainError {
  return new DomainError(
    'FORBIDDEN',
    `The setup has reached the ${max} clients its registration policy allows; self-registration is closed.`,
  );
}

export function initialAccessTokenNotFound(id: string): NotFoundError {
  return new NotFoundError('INITIAL_ACCESS_TOKEN_NOT_FOUND', `No initial access token with id "${id}" in this setup.`);
}
