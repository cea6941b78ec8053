import { jsonPatch } from './json-patch';

/** Applies add/remove/replace as RFC 6902 §4 defines them (enough to check the generated patches). */
function apply(doc: unknown, ops: ReturnType<typeof jsonPatch>): unknown {
  let root = structuredClone(doc);
  for (const op of ops) {
    const parts = op.path
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!parts.length) {
      root = op.op === 'remove' ? undefined : structuredClone((op as { value: unknown }).value);
      continue;
    }
    const last = parts.pop()!;
    const parent = parts.reduce<Record<string, unknown>>(
      (node, p) => node[p] as Record<string, unknown>,
      root as Record<string, unknown>,
    );
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op.op === 'remove') parent.splice(index, 1);
      else if (op.op === 'add') parent.splice(index, 0, structuredClone(op.value));
      else parent[index] = structuredClone(op.value);
    } else if (op.op === 'remove') delete parent[last];
    else parent[last] = structuredClone(op.value);
  }
  return root;
}

describe('jsonPatch', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['equal documents', { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }],
    ['a member added, removed and replaced', { a: 1, b: 2 }, { b: 3, c: { d: [] } }],
    ['an array grown and shrunk', { l: [1, 2, 3] }, { l: [1, 4] }],
    ['an array grown', { l: [{ n: 'x' }] }, { l: [{ n: 'y' }, { n: 'z' }, { n: 'w' }] }],
    ['keys that need escaping', { 'a/b': 1, 'c~d': 2 }, { 'a/b': 2 }],
    ['a type change', { a: [1] }, { a: { 0: 1 } }],
    ['the root replaced', [1], 'text'],
  ];

  it.each(cases)('turns the first into the second: %s', (_name, from, to) => {
    expect(apply(from, jsonPatch(from, to))).toEqual(to);
  });

  it('is empty for equal documents whatever the member order, and names fields by JSON pointer', () => {
    expect(jsonPatch({ a: 1, b: { c: 2 } }, { b: { c: 2 }, a: 1 })).toEqual([]);
    expect(jsonPatch({ 'a/b': 1 }, {})).toEqual([{ op: 'remove', path: '/a~1b' }]);
    expect(jsonPatch({ l: [1, 2, 3] }, { l: [1] })).toEqual([
      { op: 'remove', path: '/l/2' },
      { op: 'remove', path: '/l/1' },
    ]);
  });
});
