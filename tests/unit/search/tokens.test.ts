import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold } from '../../../knowledge/text/fold.ts';
import {
  type AnalyseOptions,
  TOKEN_KINDS,
  analyse,
  hashToken,
  hashTokenizer,
  pinyinKeyer,
  readings,
} from '../../../knowledge/search/tokens.ts';

// Pieces customers' text is made of: words (stopwords, inflections, contractions), Chinese,
// digits, punctuation and spaces; random sequences of them.
const piece = fc.oneof(
  fc.constantFrom('the', 'a', 'how', 'long', 'cards', 'card', 'stolen', 'paid', 'cannot', "don't"),
  fc.constantFrom("card's", "won't", "can't", 'transfers', 'refunding', 'hi', 'abroad', "n't"),
  fc.constantFrom('信用卡', '丢了', '密码', '重置', '轉賬', '卡', '怎么办', 'ATM', 'Visa'),
  fc.constantFrom(' ', ' ', ', ', '。', '？', "'", '-', '\n', '１２３', '42'),
  fc.string({ maxLength: 6 }),
);
const text = fc.array(piece, { maxLength: 30 }).map((p) => fold(p.join('')));

const OPTIONS: AnalyseOptions[] = [
  { charGrams: 3, bigrams: true, segment: false, stopwords: true, unigrams: true },
  { charGrams: 0, bigrams: false, segment: false, stopwords: false, unigrams: false },
  { charGrams: 4, bigrams: true, segment: false, stopwords: false, unigrams: true },
  { charGrams: 0, bigrams: true, segment: false, stopwords: true, unigrams: false },
];

describe('index tokenizer', () => {
  it('gives every token of the text analysis, as the key a query looks it up by', () => {
    // One tokenizer for all texts, as in a build: what it learnt of a word must stay right.
    const stems = new Set<string>();
    const tokenize = hashTokenizer((s) => stems.add(s));
    fc.assert(
      fc.property(text, fc.constantFrom(...OPTIONS), (t, opts) => {
        const expected = analyse(t, opts).map((tok) => [hashToken(tok.t), tok.t[0]]);
        const got: [number, string | undefined][] = [];
        tokenize(t, opts, (key, kind) => got.push([key, TOKEN_KINDS[kind]]));
        expect(got).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
    expect(stems.has('card')).toBe(true);
    expect(stems.has('steal')).toBe(true);
  });

  it('tells apart words that differ only late or by case-folded letters', () => {
    const tokenize = hashTokenizer(() => {});
    const opts = OPTIONS[1]!;
    const keys = (t: string): number[] => {
      const out: number[] = [];
      tokenize(fold(t), opts, (k) => out.push(k));
      return out;
    };
    expect(keys('transfer transferred')).toEqual([
      hashToken('w:transfer'),
      hashToken('w:transfer'),
    ]);
    expect(keys('Refund')).toEqual([hashToken('w:refund')]);
    expect(keys('refunds refundx')).not.toEqual(keys('refunds refunds'));
  });
});

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
