import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assertBodyShape } from './body-shape';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/** A framework-style error: the problem filter turns its status into the transport problem of that status. */
export class BodyRejectedError extends Error {
  constructor(
    readonly statusCode: 400 | 415,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The only body parser: JSON in UTF-8 (RFC 8259 §8.1), not encoded. A charset other than UTF-8 or any
 * Content-Encoding is 415 rather than being silently read as UTF-8; bytes that are not UTF-8 are 400
 * rather than being replaced by U+FFFD and stored. Fastify's own JSON parsing (with its prototype-
 * poisoning checks) follows the shape limits, which are checked on the bytes, before any parsing.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (request: FastifyRequest, raw: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
      const refused = encodingProblem(request);
      if (refused) return done(refused);
      try {
        assertBodyShape(raw as Buffer);
      } catch (shapeError) {
        return done(shapeError as Error);
      }
      let text: string;
      try {
        text = UTF8.decode(raw as Buffer);
      } catch {
        return done(new BodyRejectedError(400, 'The request body is not valid UTF-8.'));
      }
      parseJson(request, text, done);
    },
  );
}

function encodingProblem(request: FastifyRequest): BodyRejectedError | undefined {
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity')
    return new BodyRejectedError(415, 'Content-Encoding is not supported: send the JSON body unencoded.');
  const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    return new BodyRejectedError(415, 'The request body must be JSON in UTF-8 (charset=utf-8, or no charset).');
  return undefined;
}
