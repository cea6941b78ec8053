import { jsonPointer } from '../errors/domain-error';
import { isEqualJson } from './canonical-json';

/** How a patch shows a secret that a change sets (secrets are never shown). */
export const MASKED_SECRET = '********';

/** One RFC 6902 operation. */
export type PatchOperation = { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

/**
 * The RFC 6902 patch that turns `from` into `to`: objects member by member, arrays element by element
 * (changed elements replaced, extra ones removed from the end or added at the end). Applying it to
 * `from` gives `to`.
 */
export function jsonPatch(from: unknown, to: unknown, path: Array<string | number> = []): PatchOperation[] {
  if (isEqualJson(from, to)) return [];
  if (isObject(from) && isObject(to)) {
    const ops: PatchOperation[] = [];
    for (const key of Object.keys(from).sort()) {
      if (!(key in to) || to[key] === undefined) ops.push({ op: 'remove', path: jsonPointer([...path, key]) });
    }
    for (const key of Object.keys(to).sort()) {
      if (to[key] === undefined) continue;
      if (!(key in from) || from[key] === undefined)
        ops.push({ op: 'add', path: jsonPointer([...path, key]), value: to[key] });
      else ops.push(...jsonPatch(from[key], to[key], [...path, key]));
    }
    return ops;
  }
  if (Array.isArray(from) && Array.isArray(to)) {
    const ops: PatchOperation[] = [];
    const common = Math.min(from.length, to.length);
    for (let i = 0; i < common; i++) ops.push(...jsonPatch(from[i], to[i], [...path, i]));
    for (let i = from.length - 1; i >= to.length; i--) ops.push({ op: 'remove', path: jsonPointer([...path, i]) });
    for (let i = from.length; i < to.length; i++)
      ops.push({ op: 'add', path: jsonPointer([...path, '-']), value: to[i] });
    return ops;
  }
  return [{ op: 'replace', path: jsonPointer(path), value: to }];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
