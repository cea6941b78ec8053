import { jsonPointer } from '@app/core';
import { getMetadataStorage } from 'class-validator';
import { textProblem } from './body-text';
import type { FieldErrorCollector } from './field-errors';

const NESTED_TYPE = 'oauth-registry:nested-type';
const ARRAY_MAX_SIZE = 'arrayMaxSize';
const IS_ARRAY = 'isArray';

type DtoClass = new () => object;

interface DtoShape {
  known: ReadonlySet<string>;
  maxItems: ReadonlyMap<string, number>;
  nested: ReadonlyMap<string, DtoClass>;
  /** The members that are lists (of nested DTOs, where `nested` has them). */
  lists: ReadonlySet<string>;
}

const shapes = new WeakMap<DtoClass, DtoShape>();

/** Records a nested DTO's class on its property (NestedField does), for the pre-filter below. */
export function NestedType(type: () => DtoClass): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(NESTED_TYPE, type, target, property);
}

/**
 * Before class-transformer and class-validator see a body, in one linear pass over the DTO classes:
 * members the DTO does not declare are removed and reported (class-transformer's key handling is
 * quadratic in their number, and class-validator's whitelist lets names like `toString` through),
 * and an array longer than its declared maximum is cut to it and reported (else every surplus item
 * would be transformed and validated, only for the array to be refused). The DTO's own checks then
 * run on what is left, so the answer still lists every problem.
 */
export function prefilterBody(body: Record<string, unknown>, dto: DtoClass, errors: FieldErrorCollector): void {
  prefilter(body, dto, [], errors);
}

function prefilter(value: unknown, dto: DtoClass, path: Array<string | number>, errors: FieldErrorCollector): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const { known, maxItems, nested } = shapeOf(dto);
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!known.has(key)) {
      // A name that is itself hostile text is not quoted back.
      const hostile = textProblem(key, false);
      if (hostile) errors.add(() => jsonPointer(path), `a member name ${hostile}`);
      else errors.add(() => jsonPointer([...path, key]), `${key} is not a known field`);
      delete object[key];
      continue;
    }
    const member = object[key];
    const max = maxItems.get(key);
    if (max !== undefined && Array.isArray(member) && member.length > max) {
      errors.add(() => jsonPointer([...path, key]), `${key} must contain no more than ${max} elements`);
      member.length = max;
    }
    const type = nested.get(key);
    if (!type) continue;
    if (Array.isArray(member)) member.forEach((item, i) => prefilter(item, type, [...path, key, i], errors));
    else prefilter(member, type, [...path, key], errors);
  }
}

/** The DTO class of the items of `dto`'s member `key`, when that member is a list of nested DTOs. */
export function nestedListType(dto: DtoClass, key: string): DtoClass | undefined {
  const { nested, lists } = shapeOf(dto);
  return lists.has(key) ? nested.get(key) : undefined;
}

function shapeOf(dto: DtoClass): DtoShape {
  let shape = shapes.get(dto);
  if (shape) return shape;
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const known = new Set(metadata.map((m) => m.propertyName));
  const maxItems = new Map<string, number>();
  for (const m of metadata)
    if (m.name === ARRAY_MAX_SIZE && typeof m.constraints?.[0] === 'number')
      maxItems.set(m.propertyName, m.constraints[0]);
  const nested = new Map<string, DtoClass>();
  for (const property of known) {
    const type = Reflect.getMetadata(NESTED_TYPE, dto.prototype, property) as (() => DtoClass) | undefined;
    if (type) nested.set(property, type());
  }
  const lists = new Set(metadata.filter((m) => m.name === IS_ARRAY).map((m) => m.propertyName));
  shape = { known, maxItems, nested, lists };
  shapes.set(dto, shape);
  return shape;
}
