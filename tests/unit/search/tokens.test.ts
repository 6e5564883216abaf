import { describe, expect, it } from 'vitest';
import { fold } from '../../../knowledge/text/fold.ts';
import { analyse, hasCjk, stem } from '../../../knowledge/search/tokens.ts';

const QUERY = { charGrams: 0, bigrams: true, segment: true, stopwords: true, unigrams: true };

describe('text analysis', () => {
  it('stems common English forms together', () => {
    expect(stem('charges')).toBe(stem('charged'));
    expect(stem('arriving')).toBe(stem('arrive'));
    expect(stem('sent')).toBe('send');
  });

  it('reads contractions and possessives as the words they stand for', () => {
    const words = (t: string) =>
      analyse(fold(t), QUERY)
        .filter((tok) => tok.t[0] === 'w')
        .map((tok) => tok.t);
    expect(words("card's")).toEqual(['w:card']);
    expect(words("don't pay")).toEqual(['w:not', 'w:pay']);
  });

  it('gives Chinese characters and bigrams with their place in the text', () => {
    const toks = analyse(fold('卡丢了'), QUERY);
    expect(toks.find((t) => t.t === 'z:卡丢')).toMatchObject({ start: 0, end: 2 });
    expect(toks.find((t) => t.t === 'u:了')).toMatchObject({ start: 2, end: 3 });
    expect(hasCjk('ATM 卡')).toBe(true);
    expect(hasCjk('ATM card')).toBe(false);
  });
});
