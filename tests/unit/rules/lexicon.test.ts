import { describe, expect, it } from 'vitest';
import { guardVocabulary, packLexicon, phraseSource } from '../../../knowledge/rules/lexicon.ts';
import { prepare } from '../../../knowledge/rules/patterns.ts';
import type { Pack } from '../../../knowledge/authoring/pack.ts';

const pack = (locale: Pack['locale'], rest: Partial<Pack> = {}): Pack => ({
  schemaVersion: 1,
  id: 'p',
  name: 'p',
  locale,
  version: '1',
  ...rest,
});

const rule = (patterns: string[], phrases?: string[]) => ({
  id: 'r',
  kind: 'unauthorised_promise' as const,
  severity: 'high' as const,
  title: 't',
  patterns,
  ...(phrases ? { phrases } : {}),
  basis: { law: 'l', article: 'a' },
  alternative: 'x',
});

describe('guard lexicon', () => {
  it('collects the Chinese words of patterns, outside character classes and escapes', () => {
    const words = guardVocabulary(
      pack('zh-CN', { rules: [rule(['(?<![确担])保本(?![次人])|稳赚[不]赔', '\\d+个点'])] }),
    );
    expect([...words].sort()).toEqual(['个点', '保本', '稳赚']);
  });

  it('folds regional words and romanised rule words in a Chinese pack, not in an English one', () => {
    const zh = packLexicon(
      pack('zh-CN', { rules: [rule(['保本'])], guard: { regional: { 唔: '不' } } }),
    );
    expect(prepare('呢隻產品唔會虧，bao ben', zh!).text).toBe('呢只产品不会亏,保本');
    expect(packLexicon(pack('en', { rules: [rule(['guaranteed'])] }))).toBeNull();
  });
});

describe("trainer's phrases", () => {
  it('match as literal words, with … for a short gap', () => {
    const re = new RegExp(phraseSource('利率…打…折'), 'u');
    expect(re.test('利率可以给您打个八折')).toBe(true);
    expect(re.test('利率,打折')).toBe(false);
    expect(new RegExp(phraseSource('bar none (#1)'), 'u').test('the best, bar none (#1)')).toBe(
      true,
    );
  });

  it('match whole English words only', () => {
    const re = new RegExp(phraseSource('bar none'), 'u');
    expect(re.test('crowbar none')).toBe(false);
    expect(re.test('we are the best bar none')).toBe(true);
  });
});
