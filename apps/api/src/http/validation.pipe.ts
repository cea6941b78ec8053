import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { type FieldError, jsonPointer, ValidationFailedError } from '@app/core';
import type { ValidationError } from 'class-validator';

/** A DTO may name the problem code its validation failures carry (default INVALID_REQUEST). */
export interface ProblemCodeCarrier {
  problemCode?: 'INVALID_CLIENT_METADATA' | 'INVALID_REQUEST';
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
        const carrier = errors[0]?.target?.constructor as ProblemCodeCarrier | undefined;
        return new ValidationFailedError(carrier?.problemCode ?? 'INVALID_REQUEST', toFieldErrors(errors));
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        const carrier = metadata.metatype as ProblemCodeCarrier;
        throw new ValidationFailedError(carrier.problemCode ?? 'INVALID_REQUEST', [{ path: '', message: 'The request body must be a JSON object.' }]);
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
