import { EventLoopSlices, type FieldError, jsonPointer } from '@app/core';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidatorOptions } from 'class-validator';
import { nestedListType } from './dto-prefilter';
import { MAX_REPORTED_ERRORS } from './field-errors';
import { toFieldErrors } from './validation-errors';

/** The options of the global ValidationPipe, for the validations this file runs itself. */
export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  // One message per field: a value of the wrong type would otherwise also fail every rule about its content.
  stopAtFirstError: true,
  validationError: { target: false, value: false },
};

/** A list of nested objects longer than this is validated item by item, in slices (see below). */
export const SLICED_LIST_ITEMS = 10;

/** The outcome of `validateInSlices`: the DTO instance, and what is wrong with it. */
export interface SlicedValidation<T> {
  dto: T;
  errors: FieldError[];
  /** Errors found beyond MAX_REPORTED_ERRORS and not listed. */
  omitted: number;
  /** Validation stopped at MAX_REPORTED_ERRORS: items after that point were not checked. */
  stopped: boolean;
}

/** The root members of `body` that are long lists of nested DTOs (a resource server's scopes, a document's clients). */
export function hasSlicedLists(body: Record<string, unknown>, dto: new () => object): boolean {
  return Object.keys(body).some((key) => slicedListType(body, dto, key) !== undefined);
}

function slicedListType(body: Record<string, unknown>, dto: new () => object, key: string) {
  const value = body[key];
  return Array.isArray(value) && value.length > SLICED_LIST_ITEMS ? nestedListType(dto, key) : undefined;
}

/**
 * class-transformer and class-validator as the ValidationPipe runs them, for a body with long lists of
 * nested objects: class-validator spends about 10 µs on every object and cannot pause, so a 1 MiB
 * resource server (40,000 nested objects) held the event loop for most of a second. Here every item
 * of such a list is transformed and validated on its own, the event loop gets a turn every few
 * milliseconds, and items are no longer validated once `budget` errors are collected (only counted
 * while the item being checked finishes). The rest of the body is validated as usual. Messages and
 * pointers are those the ValidationPipe gives.
 */
export async function validateInSlices<T extends object>(
  body: Record<string, unknown>,
  dto: new () => T,
  budget = MAX_REPORTED_ERRORS,
  slices = new EventLoopSlices(),
): Promise<SlicedValidation<T>> {
  const lists = new Map<string, { items: unknown[]; type: new () => object }>();
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    const type = slicedListType(body, dto, key);
    if (type) lists.set(key, { items: body[key] as unknown[], type });
    // An empty list stands in for the long one: the list-level rules (present, an array) still run.
    rest[key] = type ? [] : body[key];
  }
  const instance = plainToInstance(dto, rest);
  const errors = toFieldErrors(await validate(instance, VALIDATOR_OPTIONS));
  let stopped = false;
  for (const [key, { items, type }] of lists) {
    const instances: object[] = [];
    if (items.some((item) => item === null || typeof item !== 'object' || Array.isArray(item))) {
      errors.push({ path: jsonPointer([key]), message: `each value in ${key} must be an object` });
      (instance as Record<string, unknown>)[key] = items;
      continue;
    }
    for (const [i, item] of items.entries()) {
      if (errors.length >= budget) {
        stopped = true;
        break;
      }
      await slices.next();
      const itemInstance = plainToInstance(type, item);
      instances.push(itemInstance);
      for (const e of toFieldErrors(await validate(itemInstance, VALIDATOR_OPTIONS), [key, String(i)])) errors.push(e);
    }
    (instance as Record<string, unknown>)[key] = stopped ? items : instances;
    if (stopped) break;
  }
  const shown = errors.slice(0, budget);
  return { dto: instance, errors: shown, omitted: errors.length - shown.length, stopped };
}
