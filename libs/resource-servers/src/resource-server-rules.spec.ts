import { resourceServerDefinitionErrors } from './resource-server-rules';

const paths = (def: Parameters<typeof resourceServerDefinitionErrors>[0]) =>
  resourceServerDefinitionErrors(def).map((e) => e.path);

describe('resourceServerDefinitionErrors', () => {
  it('accepts distinct scopes with metadata in several locales', () => {
    expect(
      paths({
        metadata: [
          { name: 'd', locale: 'en' },
          { name: 'd', locale: 'de' },
        ],
        scopes: [
          {
            name: 'accounts:read',
            metadata: [
              { name: 'title', locale: 'en' },
              { name: 'title', locale: 'de' },
            ],
          },
          { name: 'accounts:write' },
        ],
      }),
    ).toEqual([]);
  });

  it('rejects a scope declared twice, naming the second one', () => {
    expect(paths({ scopes: [{ name: 'a' }, { name: 'b' }, { name: 'a' }] })).toEqual(['/scopes/2/name']);
  });

  it('rejects metadata repeated in one locale, on the resource server and on a scope', () => {
    expect(
      paths({
        metadata: [{ name: 'd' }, { name: 'd' }],
        scopes: [
          {
            name: 'a',
            metadata: [
              { name: 't', locale: 'en' },
              { name: 't', locale: 'en' },
            ],
          },
        ],
      }),
    ).toEqual(['/metadata/1', '/scopes/0/metadata/1']);
  });

  it('stops at the limit it is given, in body order, however many repeats a body holds', () => {
    const scopes = Array.from({ length: 1000 }, (_, i) => ({
      name: i % 2 ? 'same' : `s${i}`,
      metadata: Array.from({ length: 25 }, () => ({ name: 'm' })),
    }));
    const all = resourceServerDefinitionErrors({ scopes } as never);
    expect(all).toHaveLength(1000 * 24 + 499);
    const limited = resourceServerDefinitionErrors({ scopes } as never, 101);
    expect(limited).toHaveLength(101);
    expect(limited).toEqual(all.slice(0, 101));
  });
});
