import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const pgError = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a connection that broke mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['a query the server never answered', new Error('Query read timeout')],
    ['a server shutting down (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['too many connections (53300)', pgError('53300')],
    [
      'a statement cancelled by statement_timeout (57014)',
      pgError('57014', 'canceling statement due to statement timeout'),
    ],
    ['a connection exception (08006)', pgError('08006')],
    ['any of these inside a QueryFailedError', new QueryFailedError('SELECT 1', [], pgError('57P01'))],
    [
      'any of these as a cause',
      new Error('wrapped', { cause: new Error('Connection terminated due to connection timeout') }),
    ],
  ])('is true for %s', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], pgError('23505'))],
    ['a syntax error', new QueryFailedError('SELEC', [], pgError('42601'))],
    ['an SQLite constraint', new QueryFailedError('INSERT', [], pgError('SQLITE_CONSTRAINT_UNIQUE'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
  ])('is false for %s', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
