import { type FieldError, parseInstant, ValidationFailedError } from '@app/core';
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

type RawQuery = Record<string, string | string[] | undefined>;

/**
 * Reads query parameters strictly: the known ones each at most once, unknown ones refused, every
 * problem reported at once with the parameter's name as the path. `metadata.*` in `allowed` stands
 * for every `metadata.<name>`.
 */
export class QueryReader {
  private readonly errors: FieldError[] = [];

  constructor(
    private readonly query: RawQuery,
    allowed: readonly string[],
  ) {
    const metadata = allowed.includes('metadata.*');
    for (const key of Object.keys(query)) {
      if (!allowed.includes(key) && !(metadata && metadataName(key) !== undefined)) {
        this.errors.push({ path: `/${key}`, message: `${key} is not a query parameter of this endpoint` });
      }
    }
  }

  string(name: string): string | undefined {
    const value = this.query[name];
    if (Array.isArray(value)) {
      this.errors.push({ path: `/${name}`, message: `${name} may be given once` });
      return undefined;
    }
    return value;
  }

  /** `validAt`: absent, `any` (only where allowed), or an ISO-8601 date-time with an offset. */
  validAt(allowAny: boolean): Date | 'any' | undefined {
    const raw = this.string('validAt');
    if (raw === undefined) return undefined;
    if (raw === 'any' && allowAny) return 'any';
    const instant = parseInstant(raw);
    if (instant) return instant;
    this.errors.push({
      path: '/validAt',
      message: `validAt must be ${allowAny ? '"any" or ' : ''}an ISO-8601 date-time with an offset, e.g. 2026-12-01T08:00:00Z`,
    });
    return undefined;
  }

  /** An optional ISO-8601 instant with an offset. */
  instant(name: string): Date | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const instant = parseInstant(raw);
    if (!instant)
      this.errors.push({
        path: `/${name}`,
        message: `${name} must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T08:00:00Z`,
      });
    return instant ?? undefined;
  }

  boolean(name: string): boolean {
    const raw = this.string(name);
    if (raw === undefined || raw === 'false') return false;
    if (raw === 'true') return true;
    this.errors.push({ path: `/${name}`, message: `${name} must be true or false` });
    return false;
  }

  limit(): number {
    const raw = this.string('limit');
    if (raw === undefined) return DEFAULT_PAGE_SIZE;
    const limit = Number(raw);
    if (/^\d+$/.test(raw) && limit >= 1 && limit <= MAX_PAGE_SIZE) return limit;
    this.errors.push({ path: '/limit', message: `limit must be an integer from 1 to ${MAX_PAGE_SIZE}` });
    return DEFAULT_PAGE_SIZE;
  }

  /** The opaque cursor of a previous page: the last id it held. */
  cursor(): string | undefined {
    const raw = this.string('cursor');
    if (raw === undefined) return undefined;
    const decoded = Buffer.from(raw, 'base64url').toString('utf8');
    const match = /^k1:([0-9a-f]{32})$/.exec(decoded);
    if (match) return match[1];
    this.errors.push({ path: '/cursor', message: 'cursor is not one this service issued; start again without it' });
    return undefined;
  }

  /** `metadata.<name>=<value>` (nevisMeta) and `metadata[<name>]=<value>` (OpenAPI deepObject, Swagger UI). */
  metadata(): Array<{ name: string; value: string }> {
    return Object.keys(this.query).flatMap((key) => {
      const name = metadataName(key);
      const value = name === undefined ? undefined : this.string(key);
      return name === undefined || value === undefined ? [] : [{ name, value }];
    });
  }

  /** A whole number from `min` to `max`; `fallback` when absent. */
  integer(name: string, min: number, max: number, fallback: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && value >= min && value <= max) return value;
    this.errors.push({ path: `/${name}`, message: `${name} must be an integer from ${min} to ${max}` });
    return fallback;
  }

  /** A string of 1..`maxLength` characters; `required` reports it missing. */
  text(name: string, maxLength: number, required = false): string | undefined {
    const value = this.string(name);
    if (value === undefined) {
      if (required) this.errors.push({ path: `/${name}`, message: `${name} is required` });
      return undefined;
    }
    if (value.length >= 1 && value.length <= maxLength) return value;
    this.errors.push({ path: `/${name}`, message: `${name} must have 1 to ${maxLength} characters` });
    return undefined;
  }

  /** Throws every problem found so far as one 400. */
  done(): void {
    if (this.errors.length)
      throw new ValidationFailedError('INVALID_REQUEST', this.errors, 'The query parameters are invalid; see errors.');
  }
}

/** The metadata name a query key filters on, if it is a metadata filter. */
function metadataName(key: string): string | undefined {
  if (key.startsWith('metadata.') && key.length > 'metadata.'.length) return key.slice('metadata.'.length);
  return /^metadata\[(.+)\]$/.exec(key)?.[1];
}

export function encodeCursor(lastId: string): string {
  return Buffer.from(`k1:${lastId}`).toString('base64url');
}
