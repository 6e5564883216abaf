import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold } from '../../../knowledge/text/fold.ts';
import { type AnalyseOptions, analyse } from '../../../knowledge/search/tokens.ts';
import { TOKEN_KINDS, hashToken, hashTokenizer } from '../../../knowledge/search/hash.ts';
import { text } from '../../support/customer-text.ts';

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
    // 3000 runs take seconds on a loaded machine: more than the default 5 s timeout allows.
  }, 30_000);

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
