import { describe, expect, it } from 'vitest';
import { searchSet, splitOf } from '../../bench/faq-search-prep.ts';

describe('the E.SUN FAQ as a search set', () => {
  const faq = {
    '2': [{ question: '什麼是數位帳戶？', answers: ['線上開立的帳戶。'] }],
    '10': [
      { question: '如何申請信用卡？', answers: ['請至[官網](https://example.com)申請。'] },
      {
        question: '信用卡審核要多久？',
        answers: ['約7個工作天。', '請至[官網](https://example.com)申請。'],
      },
      { question: '年費怎麼收？', answers: ['首年免年費。'] },
    ],
  };

  it('makes one article per entry: the first question its title, every answer its text', () => {
    const set = searchSet(faq);
    expect(set.faq).toEqual([
      ['id', 'title', 'question', 'answer'],
      ['esun-2', '什麼是數位帳戶？', '', '線上開立的帳戶。'],
      ['esun-10', '如何申請信用卡？', '', '請至官網申請。\n約7個工作天。\n首年免年費。'],
    ]);
  });

  it('puts the other questions of an article all in one split, never in both', () => {
    const set = searchSet(faq);
    const split = splitOf('esun-10');
    expect(set[split]).toEqual([
      ['信用卡審核要多久？', 'esun-10'],
      ['年費怎麼收？', 'esun-10'],
    ]);
    expect(set[split === 'train' ? 'test' : 'train']).toEqual([]);
  });

  it('converts every text with the given converter', () => {
    const set = searchSet(faq, (s) => s.replace(/帳/g, '账'));
    expect(set.faq[1]).toEqual(['esun-2', '什麼是數位账戶？', '', '線上開立的账戶。']);
  });

  it('sends about a third of the articles to training, by a hash of the id', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `esun-${i}`);
    const train = ids.filter((id) => splitOf(id) === 'train').length;
    expect(train / ids.length).toBeGreaterThan(0.28);
    expect(train / ids.length).toBeLessThan(0.39);
  });
});
