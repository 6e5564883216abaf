import { afterEach, describe, expect, it } from 'vitest';
import { fold } from '../../../knowledge/text/fold.ts';
import { analyse, hasCjk, setWordSegmenter, stem } from '../../../knowledge/search/tokens.ts';

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

describe('the query-side word segmenter', () => {
  afterEach(() => setWordSegmenter(undefined));
  const bigramWeights = (text: string) =>
    Object.fromEntries(
      analyse(text, QUERY)
        .filter((t) => t.t.startsWith('z:'))
        .map((t) => [t.t.slice(2), t.w]),
    );

  it('weighs a bigram across a word boundary less than one inside a word', () => {
    setWordSegmenter((text) => (text === '信用卡挂失' ? ['信用卡', '挂失'] : [text]));
    expect(bigramWeights('信用卡挂失')).toEqual({ 信用: 1, 用卡: 1, 卡挂: 0.5, 挂失: 1 });
  });

  it('ignores a segmenter whose words do not cover the text, and can be switched off', () => {
    setWordSegmenter(() => ['信用']);
    expect(bigramWeights('信用卡挂失')).toEqual({ 信用: 1, 用卡: 1, 卡挂: 1, 挂失: 1 });
    setWordSegmenter(null);
    expect(bigramWeights('信用卡挂失')).toEqual({ 信用: 1, 用卡: 1, 卡挂: 1, 挂失: 1 });
  });
});
