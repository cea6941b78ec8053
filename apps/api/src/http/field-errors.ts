import type { FieldError } from '@app/core';

/** At most this many broken fields are listed in a problem; `errors_omitted` counts the rest. */
export const MAX_REPORTED_ERRORS = 100;

/**
 * Collects field errors up to the reporting limit and only counts the others, so that a body with
 * a hundred thousand problems costs no more than one with a hundred. The pointer is built lazily.
 */
export class FieldErrorCollector {
  readonly errors: FieldError[] = [];
  omitted = 0;

  add(path: () => string, message: string): void {
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push({ path: path(), message });
    else this.omitted++;
  }
}
