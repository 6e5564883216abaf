import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../../knowledge/search/hash.ts';
import {
  matchPinyin,
  pinyinKeyer,
  readings,
  segmentPinyin,
} from '../../../knowledge/search/pinyin.ts';
import { text } from '../../support/customer-text.ts';

/** The pinyin tokens of Chinese text spelt out as strings: the reference the keyer must match. */
function pinyinTokens(folded: string): string[] {
  const out = new Set<string>();
  let prev: string[] = [];
  for (const ch of folded) {
    if (!/[\u3400-\u9fff\uf900-\ufaff]/.test(ch)) {
      prev = [];
      continue;
    }
    const rs = readings(ch);
    const initials = [...new Set(rs.map((r) => r[0]!))];
    for (const r of rs) out.add(`p:${r}`);
    for (const a of prev) for (const b of initials) out.add(`i:${a}${b}`);
    prev = initials;
  }
  return [...out];
}

describe('index pinyin', () => {
  it('gives the keys of the pinyin tokens of Chinese text, and each syllable it meets', () => {
    const syllables = new Set<string>();
    const keyer = pinyinKeyer((s) => syllables.add(s));
    fc.assert(
      fc.property(text, (t) => {
        const got = new Set<number>();
        keyer(t, (k) => got.add(k));
        expect([...got].sort()).toEqual(pinyinTokens(t).map(hashToken).sort());
      }),
      { numRuns: 1000 },
    );
    expect(syllables.has('mi')).toBe(true);
    expect(syllables.has('chong')).toBe(true);
  });
});

describe('pinyin matching', () => {
  const known = (s: string) => ['chong', 'zhi', 'mi', 'ma', 'zhong'].includes(s);

  it('splits typed letters into syllables, the last one possibly unfinished', () => {
    expect(segmentPinyin('chongzhimima', known)).toContainEqual(['chong', 'zhi', 'mi', 'ma']);
    expect(segmentPinyin('chongzhim', known)).toContainEqual(['chong', 'zhi', 'm']);
    expect(segmentPinyin('xq', known)).toEqual([]);
  });

  it('finds initials or syllables of a run of Chinese characters (every reading of 重)', () => {
    expect(matchPinyin('请重置密码', 'czmm', undefined)).toEqual({ start: 1, end: 5 });
    expect(matchPinyin('请重置密码', '', [['chong', 'zhi']])).toEqual({ start: 1, end: 3 });
    expect(matchPinyin('请重置密码', 'xy', undefined)).toBeUndefined();
  });
});
