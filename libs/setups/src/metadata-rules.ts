import { type FieldError, jsonPointer } from '@app/core';
import type { MetadataItem } from './setup-definition';

/**
 * A metadata item is identified by its name and locale: each repeat is an error at its pointer under `at`.
 * At most `limit` errors (a caller that reports only so many need not build the rest).
 */
export function duplicateMetadataErrors(
  items: readonly MetadataItem[] | undefined,
  at: Array<string | number>,
  limit = Infinity,
): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  (Array.isArray(items) ? items : []).forEach((item, i) => {
    if (errors.length >= limit || typeof item?.name !== 'string') return;
    const key = `${item.name}\u0000${item.locale ?? ''}`;
    if (seen.has(key))
      errors.push({
        path: jsonPointer([...at, i]),
        message: `metadata "${item.name}"${item.locale ? ` (${item.locale})` : ''} is listed twice`,
      });
    seen.add(key);
  });
  return errors;
}
