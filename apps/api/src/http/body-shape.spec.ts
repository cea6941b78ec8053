import { assertBodyShape, BODY_LIMITS, BodyTooComplexError } from './body-shape';

const shape = (text: string) => {
  try {
    assertBodyShape(Buffer.from(text));
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(BodyTooComplexError);
    const { limit, errors } = (err as BodyTooComplexError).extensions as {
      limit: string;
      errors: Array<{ path: string }>;
    };
    return { limit, path: errors[0].path };
  }
};
const items = (n: number, item = '1') => Array(n).fill(item).join(',');

describe('assertBodyShape', () => {
  it('accepts bodies at every limit', () => {
    const depth = BODY_LIMITS.depth;
    expect(shape('{"a":'.repeat(depth - 1) + '[]' + '}'.repeat(depth - 1))).toBeNull();
    expect(shape(`{"x": [${items(BODY_LIMITS.arrayItems)}]}`)).toBeNull();
    const members = Array.from({ length: BODY_LIMITS.objectMembers }, (_, i) => `"k${i}": {}`).join(', ');
    expect(shape(`{${members}}`)).toBeNull();
    expect(shape('"just a string"')).toBeNull();
    expect(shape('')).toBeNull();
  });

  it('names the limit and the pointer of the container over it', () => {
    expect(shape('{"a":'.repeat(BODY_LIMITS.depth + 1) + '1' + '}'.repeat(BODY_LIMITS.depth + 1))).toEqual({
      limit: 'depth',
      path: '/a'.repeat(BODY_LIMITS.depth),
    });
    expect(shape(`{"x": {"y~/": [0, 1, [${items(BODY_LIMITS.arrayItems + 1)}]]}}`)).toEqual({
      limit: 'arrayItems',
      path: '/x/y~0~1/2',
    });
    const members = Array.from({ length: BODY_LIMITS.objectMembers + 1 }, (_, i) => `"k${i}": 1`).join(',');
    expect(shape(`[{}, {"\\u0041\\"b": {${members}}}]`)).toEqual({ limit: 'objectMembers', path: '/1/A"b' });
  });

  it('ignores brackets, commas and escaped quotes inside strings', () => {
    const tricky = `"[[[{{{,,,\\"[[["`;
    expect(shape(`{"s": [${items(BODY_LIMITS.arrayItems, tricky)}]}`)).toBeNull();
    expect(shape(`{"${'['.repeat(100)}": "${'{'.repeat(100)}"}`)).toBeNull();
  });
});
