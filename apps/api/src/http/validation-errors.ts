import { type FieldError, jsonPointer } from '@app/core';
import type { ValidationError } from 'class-validator';

/** class-validator's error tree as field errors, each with a JSON pointer into the body. */
export function toFieldErrors(errors: ValidationError[], parent: string[] = []): FieldError[] {
  return errors.flatMap((error) => {
    const path = [...parent, error.property];
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      path: jsonPointer(path),
      message: constraint === 'whitelistValidation' ? `${error.property} is not a known field` : message,
    }));
    return [...own, ...toFieldErrors(error.children ?? [], path)];
  });
}
