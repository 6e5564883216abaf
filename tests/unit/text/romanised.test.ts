import { describe, expect, it } from 'vitest';
import { pinyinIndex, restorePinyin } from '../../../knowledge/text/romanised.ts';

const index = pinyinIndex(['保本', '保证', '验证码', '密码', '我们']);
const restore = (text: string) =>
  restorePinyin({ text, map: Array.from({ length: text.length }, (_, i) => i) }, index);

describe('romanised Chinese', () => {
  it('reads pinyin words and half-romanised words back as the vocabulary word', () => {
    expect(restore('这个产品bao ben的').text).toBe('这个产品保本的');
    expect(restore('收益保zheng有').text).toBe('收益保证有');
    expect(restore('请把yan zheng ma发我').text).toBe('请把验证码发我');
    expect(restore('你的mima多少').text).toBe('你的密码多少');
  });

  it('maps the restored word back over the whole romanised stretch', () => {
    const text = '请把yan zheng ma发我';
    const out = restore(text);
    const at = out.text.indexOf('验证码');
    expect(text.slice(out.map[at]!, out.map[at + 2]! + 1)).toBe('yan zheng ma');
    expect(text[out.map[out.text.indexOf('发')]!]).toBe('发');
  });

  it('leaves English alone: short Latin-only words need Chinese around them', () => {
    expect(restore('for women and men').text).toBe('for women and men');
    expect(restore('banana bread').text).toBe('banana bread');
  });

  it('needs every letter of a Latin word to spell the readings', () => {
    expect(restore('这个baobenx的').text).toBe('这个baobenx的');
  });
});
