import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { type FieldError, ValidationFailedError } from '@app/core';
import type { ValidationError } from 'class-validator';
import { inspectBodyText } from './body-text';
import { prefilterBody } from './dto-prefilter';
import { FieldErrorCollector, MAX_REPORTED_ERRORS } from './field-errors';
import { hasSlicedLists, validateInSlices } from './sliced-validation';
import { toFieldErrors } from './validation-errors';
import { cacheValidationMetadata } from './validation-metadata-cache';

export { toFieldErrors } from './validation-errors';

/**
 * A DTO class may name the problem code its validation failures carry (default INVALID_REQUEST), and
 * the rules across its fields, so that a body with both kinds of problems hears of all of them at once.
 */
export interface ProblemCodeCarrier {
  problemCode?: 'INVALID_CLIENT_METADATA' | 'INVALID_REQUEST';
  /** Rule violations among the fields that are well-typed (`broken` holds the pointers that are not). */
  crossFieldErrors?(dto: object, broken: ReadonlySet<string>): FieldError[];
}

/**
 * The one global ValidationPipe: whitelist, forbid unknown fields, transform, and report every
 * broken field with a JSON pointer into the body.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    cacheValidationMetadata();
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // One message per field: a value of the wrong type would otherwise also fail every rule about its content.
      stopAtFirstError: true,
      validationError: { target: true, value: false },
      exceptionFactory: (errors: ValidationError[]) => {
        const dto = errors[0]?.target;
        const carrier = dto?.constructor as ProblemCodeCarrier | undefined;
        const fieldErrors = toFieldErrors(errors);
        const broken = new Set(fieldErrors.map((e) => e.path));
        const more =
          dto && carrier?.crossFieldErrors
            ? carrier.crossFieldErrors(dto, broken).filter((e) => !broken.has(e.path))
            : [];
        return new ValidationFailedError(carrier?.problemCode ?? 'INVALID_REQUEST', [...fieldErrors, ...more]);
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body' || !metadata.metatype || metadata.metatype === Object)
      return super.transform(value, metadata);
    const carrier = metadata.metatype as ProblemCodeCarrier;
    const code = carrier.problemCode ?? 'INVALID_REQUEST';
    // No body at all reads as an empty object: the DTO then says which fields are required.
    if (value === undefined) value = {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ValidationFailedError(code, [{ path: '', message: 'The request body must be a JSON object.' }]);
    }
    // Text no field may hold, and members class-validator would mistake for inherited ones, first; the
    // DTO's own checks still run, so that the answer lists every problem at once.
    const collector = new FieldErrorCollector();
    prefilterBody(value as Record<string, unknown>, metadata.metatype as new () => object, collector);
    inspectBodyText(value, collector);
    const early = collector.errors;
    let dto: unknown;
    try {
      dto = hasSlicedLists(value as Record<string, unknown>, metadata.metatype as new () => object)
        ? await validatedInSlices(value as Record<string, unknown>, metadata.metatype as new () => object, early)
        : await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof ValidationFailedError && early.length) throw mergedFailure(err, early, collector.omitted);
      throw err;
    }
    if (early.length) {
      const broken = new Set(early.map((e) => e.path));
      const more = carrier.crossFieldErrors?.(dto as object, broken).filter((e) => !broken.has(e.path)) ?? [];
      throw new ValidationFailedError(code, [...early, ...more], undefined, collector.omitted);
    }
    return dto;
  }
}

/**
 * A body with long lists of nested objects (see sliced-validation.ts): validated so that the event loop
 * gets a turn every few milliseconds, and no longer than it takes to find MAX_REPORTED_ERRORS errors.
 */
async function validatedInSlices(
  body: Record<string, unknown>,
  dtoClass: new () => object,
  early: FieldError[],
): Promise<object> {
  const carrier = dtoClass as ProblemCodeCarrier;
  const { dto, errors, omitted, stopped } = await validateInSlices(body, dtoClass, MAX_REPORTED_ERRORS - early.length);
  if (!errors.length) return dto;
  const broken = new Set(errors.map((e) => e.path));
  const more = stopped ? [] : (carrier.crossFieldErrors?.(dto, broken).filter((e) => !broken.has(e.path)) ?? []);
  throw new ValidationFailedError(
    carrier.problemCode ?? 'INVALID_REQUEST',
    [...errors, ...more],
    stopped ? STOPPED_MESSAGE : undefined,
    omitted,
  );
}

const STOPPED_MESSAGE = `The request body is invalid; checking stopped after ${MAX_REPORTED_ERRORS} errors, see errors for the ones found.`;

function mergedFailure(failure: ValidationFailedError, early: FieldError[], omitted: number): ValidationFailedError {
  const seen = new Set(early.map((e) => `${e.path} ${e.message}`));
  const rest = failure.errors.filter((e) => !seen.has(`${e.path} ${e.message}`));
  return new ValidationFailedError(
    failure.code as 'INVALID_CLIENT_METADATA' | 'INVALID_REQUEST',
    [...early, ...rest],
    failure.message,
    omitted + failure.omitted,
  );
}
