import { applyDecorators } from '@nestjs/common';
import { parseInstant } from '@app/core';
import { NestedType } from './dto-prefilter';
import { ApiProperty, type ApiPropertyOptions, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

/**
 * Composite decorators: one line per field in the DTOs instead of a stack of five, and the
 * OpenAPI schema always says what the validators check.
 *
 * Absent fields are skipped; an explicit null is validated like any other value, so `"name": null`
 * is rejected as "not a string" rather than silently stored.
 */
export const SkipWhenAbsent = () => ValidateIf((_object, value) => value !== undefined);

type Doc = Omit<ApiPropertyOptions, 'type' | 'required'> & { required?: boolean };

/** The OpenAPI side of a field; `required` decides between ApiProperty and ApiPropertyOptional. */
function apiDoc(doc: Doc, schema: Record<string, unknown>) {
  const { required: _required, ...rest } = schema;
  return (doc.required ? ApiProperty : ApiPropertyOptional)(rest as ApiPropertyOptions);
}

function presence(doc: Doc) {
  return doc.required ? [] : [SkipWhenAbsent()];
}

/** A required string that is missing says so, rather than that it must be a string. */
function requiredString({ property, value }: ValidationArguments): string {
  return value === undefined || value === null ? `${property} is required` : `${property} must be a string`;
}

export function StringField(
  doc: Doc & { minLength?: number; maxLength: number; pattern?: RegExp; patternMessage?: string },
) {
  const { pattern, patternMessage, ...api } = doc;
  return applyDecorators(
    apiDoc(doc, { ...api, type: String, pattern: pattern?.source }),
    ...presence(doc),
    IsString(doc.required ? { message: requiredString } : undefined),
    ...(doc.minLength !== undefined ? [MinLength(doc.minLength)] : []),
    MaxLength(doc.maxLength),
    ...(pattern ? [Matches(pattern, { message: patternMessage })] : []),
  );
}

export function EnumField(values: readonly string[], doc: Doc) {
  return applyDecorators(
    apiDoc(doc, { ...doc, type: String, enum: values as string[] }),
    ...presence(doc),
    IsString(),
    IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` }),
  );
}

export function BooleanField(doc: Doc) {
  return applyDecorators(apiDoc(doc, { ...doc, type: Boolean }), ...presence(doc), IsBoolean());
}

export function IntegerField(doc: Doc & { minimum: number; maximum: number }) {
  return applyDecorators(
    apiDoc(doc, { ...doc, type: 'integer' }),
    ...presence(doc),
    IsInt(),
    Min(doc.minimum),
    Max(doc.maximum),
  );
}

/** An array of strings; `each` validators apply to every item. */
export function StringArrayField(
  doc: Doc & { minItems?: number; maxItems: number; unique?: boolean; items?: ApiPropertyOptions['items'] },
  ...each: PropertyDecorator[]
) {
  const { items, unique, ...api } = doc;
  return applyDecorators(
    apiDoc(doc, { ...api, type: 'array', items: items ?? { type: 'string' }, uniqueItems: unique }),
    ...presence(doc),
    IsArray(),
    ...(doc.minItems !== undefined ? [ArrayMinSize(doc.minItems)] : []),
    ArrayMaxSize(doc.maxItems),
    ...(doc.unique ? [ArrayUnique(undefined, { message: '$property must not contain duplicates' })] : []),
    IsString({ each: true }),
    ...each,
  );
}

/** A nested object (or array of them) validated against its own DTO class. */
export function NestedField(type: () => new () => object, doc: Doc & { isArray?: boolean; maxItems?: number }) {
  const { isArray, maxItems, ...api } = doc;
  return applyDecorators(
    // Swagger recognises a lazy type only by the function's name being "type", as in `{ type: () => X }`.
    apiDoc(doc, { ...api, type: () => type(), isArray, maxItems: isArray ? (maxItems ?? 100) : undefined }),
    ...presence(doc),
    ...(isArray ? [IsArray(), ArrayMaxSize(maxItems ?? 100), IsObject({ each: true })] : [IsObject()]),
    ValidateNested({ each: isArray }),
    Type(type),
    NestedType(type),
  );
}

/** A free-form JSON object that is accepted as it is (documented read-only artefacts, key material). */
export function ObjectField(doc: Doc) {
  return applyDecorators(
    apiDoc(doc, { ...doc, type: 'object', additionalProperties: true }),
    ...presence(doc),
    IsObject(),
  );
}

/** An array of free-form JSON objects, accepted as they are. */
export function ObjectArrayField(doc: Doc & { maxItems: number }) {
  const { maxItems, ...api } = doc;
  return applyDecorators(
    apiDoc(doc, { ...api, type: 'array', items: { type: 'object', additionalProperties: true }, maxItems }),
    ...presence(doc),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsObject({ each: true }),
  );
}

/** A class-validator constraint from a plain predicate, as a property decorator. */
export function Satisfies(
  name: string,
  message: string,
  validate: (value: unknown) => boolean,
  options?: ValidationOptions,
): PropertyDecorator {
  return (object, propertyName) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName: propertyName as string,
      options: { message, ...options },
      validator: { validate },
    });
}

/** An ISO-8601 date-time with an offset that names a real instant (see parseInstant). */
export const IsInstant = () =>
  Satisfies(
    'isInstant',
    '$property must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T08:00:00Z',
    (value) => parseInstant(value) !== null,
  );

export function InstantField(doc: Doc) {
  return applyDecorators(apiDoc(doc, { ...doc, type: String, format: 'date-time' }), ...presence(doc), IsInstant());
}

/** RFC 6749 §3.3 scope-token characters. */
export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;

/** An absolute URL with one of the given schemes, checked with the WHATWG parser plus RFC 3986 characters. */
export function IsAbsoluteUrl(schemes: string[]) {
  const allowed = new Set(schemes.map((s) => `${s}:`));
  return Satisfies('isAbsoluteUrl', `$property must be an absolute ${schemes.join(' or ')} URL`, (value) => {
    if (typeof value !== 'string' || !URI_CHARS.test(value)) return false;
    try {
      const url = new URL(value);
      return allowed.has(url.protocol) && url.hostname.length > 0;
    } catch {
      return false;
    }
  });
}

export function UrlField(schemes: string[], doc: Doc) {
  return applyDecorators(
    apiDoc(doc, { ...doc, type: String, format: 'uri', maxLength: 2048 }),
    ...presence(doc),
    IsString(),
    MaxLength(2048),
    IsAbsoluteUrl(schemes),
  );
}

/** Fails whenever the member is present: for members that must never be sent, with the reason. */
export const Forbidden = (reason: string) =>
  Satisfies('forbidden', `$property ${reason}`, (value) => value === undefined);
