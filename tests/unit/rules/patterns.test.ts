import { describe, expect, it } from 'vitest';
import { anyOf, expandTerms, prepare } from '../../../knowledge/rules/patterns.ts';

describe('pack terms in patterns', () => {
  it('expands a term that uses another term', () => {
    const terms = { fee: '手续费|年费', waive: '免(?:<fee>)' };
    expect(new RegExp(expandTerms('给您<waive>', terms), 'u').test('给您免年费')).toBe(true);
  });

  it('leaves an unknown term as written and matches nothing when there is no pattern', () => {
    expect(expandTerms('<nope>', { fee: '年费' })).toBe('<nope>');
    expect(anyOf([], {})).toBeNull();
    expect(anyOf(undefined, {})).toBeNull();
  });
});

describe('text prepared for matching', () => {
  it('joins a Chinese word split by spaces or dots and keeps the way back to the original', () => {
    const original = '保 本·收益';
    const p = prepare(original);
    expect(p.text).toBe('保本收益');
    expect(original[p.map[1]!]).toBe('本');
    expect(original[p.map[2]!]).toBe('收');
  });

  it('keeps English words apart with one space', () => {
    expect(prepare('guaranteed    returns').text).toBe('guaranteed returns');
  });
});
