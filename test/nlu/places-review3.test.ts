/**
 * Third review of the place roles (placefix): where a relative is (婆婆在广州) is no insured place of the person's.
 * Phrasings of our own; each failed before this change.
 */
import { describe, expect, it } from 'vitest';
import { parse } from './support.js';

const places = (q: string) => {
  const e = parse(q).entities;
  return { insured: e.insured_region?.name, destination: e.destination?.name };
};

describe('a relative said to be somewhere, no word of insurance', () => {
  it('is where the relative is (the destination), never the insured place', () => {
    for (const q of ['婆婆在广州', '老人家在广州', '我妈在广州', '我爸现在在广州', '他在广州']) {
      expect(places(q), q).toEqual({ insured: undefined, destination: '广州市' });
    }
  });

  it('guard: the person’s own 在X, and a relative’s insurance said outright, are still the insured place', () => {
    expect(places('我在广州')).toEqual({ insured: '广州市', destination: undefined });
    expect(places('我妈在广州参保')).toEqual({ insured: '广州市', destination: undefined });
    expect(places('俺妈是寿光滴').insured).toBe('寿光市');
  });
});
