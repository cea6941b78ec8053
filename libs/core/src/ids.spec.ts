import { isId, newId, newTimeOrderedId } from './ids';

describe('newTimeOrderedId', () => {
  it('is an id of the usual format', () => {
    for (let i = 0; i < 100; i++) expect(isId(newTimeOrderedId())).toBe(true);
  });

  it('sorts by the millisecond it was made in, and differs within one', () => {
    const t = Date.parse('2026-11-26T12:00:00.000Z');
    const earlier = newTimeOrderedId(t);
    const later = newTimeOrderedId(t + 1);
    expect(earlier < later).toBe(true);
    expect(earlier.slice(0, 12)).toBe(t.toString(16).padStart(12, '0'));
    const same = new Set(Array.from({ length: 1000 }, () => newTimeOrderedId(t)));
    expect(same.size).toBe(1000);
  });
});

describe('newId', () => {
  it('gives distinct ids of the usual format across refills of the random pool', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newId()));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(isId(id)).toBe(true);
  });
});
