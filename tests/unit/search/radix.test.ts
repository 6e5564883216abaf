import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixSortPairs } from '../../../knowledge/search/radix.ts';

describe('radix sort of (key, value) pairs', () => {
  it('sorts by key and keeps the input order of equal keys (postings stay in unit order)', () => {
    // Few distinct low bits too, so that runs of equal top bits need the insertion step.
    const key = fc.oneof(fc.nat({ max: 0xffffffff }), fc.nat({ max: 600 }));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), (keys) => {
        const vals = keys.map((_, i) => i);
        const out = radixSortPairs(Uint32Array.from(keys), Uint32Array.from(vals));
        const expected = vals.slice().sort((a, b) => keys[a]! - keys[b]! || a - b);
        expect([...out.vals]).toEqual(expected);
        expect([...out.keys]).toEqual(expected.map((i) => keys[i]));
      }),
      { numRuns: 500 },
    );
  });
});
