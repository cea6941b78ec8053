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

interface Frame {
  value: object;
  depth: number;
  key?: string | number;
  parent?: Frame;
}

/**
 * Walks a parsed body iteratively (a recursive walk could itself overflow the stack on a deep body)
 * and throws at the first container over a limit. Frames link to their parent, so the pointer is
 * built only for the offending container.
 */
export function assertBodyShape(body: unknown): void {
  if (body === null || typeof body !== 'object') return;
  const stack: Frame[] = [{ value: body, depth: 0 }];
  while (stack.length) {
    const frame = stack.pop()!;
    const { value, depth } = frame;
    if (depth >= BODY_LIMITS.depth) throw new BodyTooComplexError('depth', pathOf(frame));
    if (Array.isArray(value)) {
      if (value.length > BODY_LIMITS.arrayItems) throw new BodyTooComplexError('arrayItems', pathOf(frame));
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item !== null && typeof item === 'object')
          stack.push({ value: item, depth: depth + 1, key: i, parent: frame });
      }
      continue;
    }
    let members = 0;
    for (const key in value) {
      if (++members > BODY_LIMITS.objectMembers) throw new BodyTooComplexError('objectMembers', pathOf(frame));
      const item: unknown = (value as Record<string, unknown>)[key];
      if (item !== null && typeof item === 'object') stack.push({ value: item, depth: depth + 1, key, parent: frame });
    }
  }
}

function pathOf(frame: Frame): Array<string | number> {
  const path: Array<string | number> = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) path.unshift(f.key!);
  return path;
}
