import { IsInt, IsString, registerDecorator, validateSync } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString()
  name!: unknown;
}

class Derived extends Base {
  @IsInt()
  size!: unknown;
}

function errorsOf(value: object): string[] {
  return validateSync(value).flatMap((e) => Object.keys(e.constraints ?? {}).map((c) => `${e.property}:${c}`));
}

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());

  it('validates with the same rules, inherited ones included, on every call', () => {
    const bad = Object.assign(new Derived(), { name: 1, size: 'x' });
    expect(errorsOf(bad).sort()).toEqual(['name:isString', 'size:isInt']);
    expect(errorsOf(bad).sort()).toEqual(['name:isString', 'size:isInt']);
    expect(errorsOf(Object.assign(new Derived(), { name: 'n', size: 3 }))).toEqual([]);
  });

  it('sees a rule registered after a class was validated', () => {
    const value = Object.assign(new Derived(), { name: 'n', size: 3 });
    expect(errorsOf(value)).toEqual([]);
    registerDecorator({
      name: 'neverThree',
      target: Derived,
      propertyName: 'size',
      validator: { validate: (v: unknown) => v !== 3 },
    });
    expect(errorsOf(value)).toEqual(['size:neverThree']);
  });
});
