import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { type FieldError, jsonPointer, ValidationFailedError } from '@app/core';
import type { ValidationError } from 'class-validator';

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
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      // No body at all reads as an empty object: the DTO then says which fields are required.
      if (value === undefined) value = {};
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        const carrier = metadata.metatype as ProblemCodeCarrier;
        throw new ValidationFailedError(carrier.problemCode ?? 'INVALID_REQUEST', [
          { path: '', message: 'The request body must be a JSON object.' },
        ]);
      }
    }
    return super.transform(value, metadata);
  }
}

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
