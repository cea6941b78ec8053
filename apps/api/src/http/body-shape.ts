import { DomainError, jsonPointer } from '@app/core';

/**
 * Limits on the shape of every JSON body, checked right after parsing and before any transformer or
 * validator runs, so that the work per request stays linear in its size: no legitimate body of this
 * API comes close (a client body is about 5 levels deep; the longest list, a resource server's
 * scopes, holds at most 1,000 items; the widest object, a client, has under 50 fields).
 */
export const BODY_LIMITS = { depth: 16, arrayItems: 1000, objectMembers: 100 } as const;

export type BodyLimit = keyof typeof BODY_LIMITS;

/** 400 BODY_TOO_COMPLEX: the body is deeper, longer or wider than a limit, named in the answer. */
export class BodyTooComplexError extends DomainError {
  constructor(limit: BodyLimit, path: Array<string | number>) {
    const max = BODY_LIMITS[limit];
    const message =
      limit === 'depth'
        ? `nested deeper than ${max} levels`
        : limit === 'arrayItems'
          ? `an array of more than ${max} items`
          : `an object of more than ${max} members`;
    super('BODY_TOO_COMPLEX', `The request body is too complex: ${message}.`, {
      limit,
      max,
      errors: [{ path: jsonPointer(path), message }],
    });
  }
}

const OBJECT = 1;
const ARRAY = 2;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * Checks the shape of a JSON body on its bytes, before it is parsed: one pass that tracks the open
 * containers and how many items each holds so far, and throws at the first container over a limit.
 * Parsing a body nested 170,000 levels deep alone takes V8 over 100 ms; this pass stops at level 17.
 * It does not validate the JSON (the parser does that next); keys are decoded only to name the
 * pointer of the offending container.
 */
export function assertBodyShape(bytes: Uint8Array): void {
  const kinds: number[] = [0];
  const counts: number[] = [0];
  const keyStart: number[] = [];
  const keyEnd: number[] = [];
  let depth = 0;
  let inString = false;
  let stringIsKey = false;
  let expectKey = false;
  const pathAt = (levels: number) => {
    const path: Array<string | number> = [];
    for (let d = 1; d <= levels; d++)
      path.push(kinds[d] === OBJECT ? decodeKey(bytes, keyStart[d], keyEnd[d]) : counts[d] - 1);
    return path;
  };
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) {
        inString = false;
        if (stringIsKey) keyEnd[depth] = i;
      }
      continue;
    }
    if (c <= 0x20 || c === COLON) continue;
    if (c === QUOTE) {
      inString = true;
      stringIsKey = expectKey;
      if (stringIsKey) keyStart[depth] = i;
      expectKey = false;
    } else if (c === COMMA) {
      if (depth === 0) continue;
      const limit = kinds[depth] === OBJECT ? BODY_LIMITS.objectMembers : BODY_LIMITS.arrayItems;
      if (++counts[depth] > limit)
        throw new BodyTooComplexError(kinds[depth] === OBJECT ? 'objectMembers' : 'arrayItems', pathAt(depth - 1));
      expectKey = kinds[depth] === OBJECT;
      continue;
    } else if (c === 0x7d || c === 0x5d) {
      if (depth > 0) depth--;
      expectKey = false;
      continue;
    }
    // The first item of the enclosing container (a string, a number, a literal or a container).
    if (depth > 0 && counts[depth] === 0) counts[depth] = 1;
    if (c === 0x7b || c === 0x5b) {
      if (depth >= BODY_LIMITS.depth) throw new BodyTooComplexError('depth', pathAt(depth));
      depth++;
      kinds[depth] = c === 0x7b ? OBJECT : ARRAY;
      counts[depth] = 0;
      expectKey = c === 0x7b;
    }
  }
}

function decodeKey(bytes: Uint8Array, start: number, end: number): string {
  try {
    return JSON.parse(Buffer.from(bytes.subarray(start, end + 1)).toString('utf8')) as string;
  } catch {
    return '?';
  }
}
