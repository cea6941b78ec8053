import { jsonPointer } from '@app/core';
import type { FieldErrorCollector } from './field-errors';

/** C0 and C1 control characters and DEL, but tab, line feed and carriage return, which `LINE_BREAKS` covers. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAKS = /[\t\n\r]/;
/** A UTF-16 surrogate without its other half: JSON's `\ud800` escape makes one, and no UTF-8 encoder can store it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Fields that are free text over several lines. */
const MULTI_LINE_FIELDS = new Set(['comment']);
/**
 * Members named like `Object.prototype`'s (`toString`, `valueOf`, `constructor`, ...): class-validator's
 * whitelist looks unknown names up in a plain object, finds these there, and would let them through.
 */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

interface Frame {
  value: object;
  key?: string | number;
  parent?: Frame;
}

/**
 * What no body may carry, whatever the endpoint: control characters (line breaks and tabs only in
 * comments) and lone surrogates, in any string or member name; members named like Object.prototype's,
 * which are removed so that nothing later mistakes them for inherited ones. One iterative pass
 * (bodies are at most 16 levels deep and 1 MiB, see body-shape.ts).
 */
export function inspectBodyText(body: unknown, errors: FieldErrorCollector): void {
  if (body === null || typeof body !== 'object') return;
  const stack: Frame[] = [{ value: body }];
  while (stack.length) {
    const frame = stack.pop()!;
    if (Array.isArray(frame.value)) {
      const items = frame.value as unknown[];
      for (let i = 0; i < items.length; i++) inspectValue(items[i], i, frame, stack, errors);
      continue;
    }
    const object = frame.value as Record<string, unknown>;
    for (const key in object) {
      if (PROTOTYPE_NAMES.has(key)) {
        delete object[key];
        errors.add(() => pointer(frame, key), `${key} is not a known field`);
        continue;
      }
      const problem = textProblem(key, false);
      if (problem) errors.add(() => pointer(frame), `a member name ${problem}`);
      else inspectValue(object[key], key, frame, stack, errors);
    }
  }
}

function inspectValue(
  item: unknown,
  key: string | number,
  frame: Frame,
  stack: Frame[],
  errors: FieldErrorCollector,
): void {
  if (typeof item === 'string') {
    const problem = textProblem(item, typeof key === 'string' && MULTI_LINE_FIELDS.has(key));
    if (problem) errors.add(() => pointer(frame, key), problem);
  } else if (item !== null && typeof item === 'object') {
    stack.push({ value: item, key, parent: frame });
  }
}

export function textProblem(text: string, multiLine: boolean): string | null {
  if (CONTROL.test(text) || (!multiLine && LINE_BREAKS.test(text)))
    return multiLine
      ? 'must not contain control characters other than line breaks and tabs'
      : 'must not contain control characters (U+0000 to U+001F, U+007F to U+009F)';
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired UTF-16 surrogates (U+D800 to U+DFFF)';
  return null;
}

function pointer(frame: Frame, last?: string | number): string {
  const path: Array<string | number> = last === undefined ? [] : [last];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) path.unshift(f.key!);
  return jsonPointer(path);
}
