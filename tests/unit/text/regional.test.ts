import { describe, expect, it } from 'vitest';
import { fold } from '../../../knowledge/text/fold.ts';
import { foldPhrases, phraseTable } from '../../../knowledge/text/regional.ts';
import { readings } from '../../../knowledge/text/pinyin.ts';

const mapped = (text: string) => {
  const f = fold(text);
  return { text: f, map: Array.from({ length: f.length }, (_, i) => i) };
};

describe('regional phrases', () => {
  it("reads Taiwan's bank words as mainland ones, from OpenCC's tables", () => {
    const t = phraseTable();
    expect(foldPhrases(mapped('請查看簡訊'), t).text).toBe('请查看短信');
    expect(foldPhrases(mapped('簽帳金融卡'), t).text).toBe('借记卡');
  });

  it("applies a pack's own words on top, and they win", () => {
    const t = phraseTable({ 末三碼: '后三位', 唔: '不' });
    expect(foldPhrases(mapped('卡背面末三碼'), t).text).toBe('卡背面后三位');
    expect(foldPhrases(mapped('唔會蝕本'), t).text).toBe('不会蚀本');
  });

  it('keeps every character pointing back into the original, also when a phrase changes length', () => {
    const original = '請把簽帳金融卡號給我';
    const out = foldPhrases(mapped(original), phraseTable());
    expect(out.text).toBe('请把借记卡号给我');
    const at = out.text.indexOf('借记卡');
    // The replacement spans the whole original phrase: start at its first, end at its last.
    expect(original.slice(out.map[at]!, out.map[at + 2]! + 1)).toBe('簽帳金融卡');
    expect(original[out.map[out.text.length - 1]!]).toBe('我');
  });

  it('leaves text without regional phrases as it is (same object)', () => {
    const m = mapped('这款产品保本');
    expect(foldPhrases(m, phraseTable())).toBe(m);
  });
});

describe('pinyin readings', () => {
  it('lists every toneless reading of a polyphonic character', () => {
    expect(readings('重')).toEqual(expect.arrayContaining(['zhong', 'chong']));
    expect(readings('码')).toEqual(['ma']);
  });
});
