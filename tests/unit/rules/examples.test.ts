import { describe, expect, it } from 'vitest';
import { features } from '../../../knowledge/rules/examples.ts';
import { checkText, compileGuard } from '../../../knowledge/rules/guard.ts';
import type { Pack } from '../../../knowledge/authoring/pack.ts';

/** A pack whose only rule is written as examples, as a trainer would write it. */
const pack = (flag: string[], ok: string[] = []): Pack => ({
  schemaVersion: 1,
  id: 'trainer',
  name: 'trainer',
  locale: 'zh-CN',
  version: '1',
  guard: {
    negations: ['不', '没', '无'],
    clauseBreaks: ['[,;:!?\\n]', '\\.'],
    sentenceBreaks: ['[!?;\\n]', '\\.'],
  },
  rules: [
    {
      id: 'zh.cashback',
      kind: 'unauthorised_promise',
      severity: 'high',
      title: '承诺返现',
      examples: { flag, ok },
      basis: { law: '办法', article: '第一条' },
      alternative: '返现以活动规则为准。',
    },
  ],
});

const FLAG = [
  '办卡之后我私下给您返现两百块',
  '您开户我这边额外返您三百元现金',
  '存满五万我个人再返您一个红包',
  '您转过来我自己掏钱返现给您',
];
const OK = ['返现以活动规则为准，达标后系统自动发放', '活动返现需要满足条件，我帮您查一下规则'];

describe('rules written as examples', () => {
  const guard = compileGuard([pack(FLAG, OK)]);

  it('flags a sentence close to a flag example, and names the example', () => {
    const [a] = checkText(guard, '办卡之后我私下给您返现三百块', 'agent');
    expect(a?.ruleId).toBe('zh.cashback');
    expect(a?.example?.text).toBe(FLAG[0]);
    expect(a?.example?.similarity).toBeGreaterThan(0.6);
  });

  it('stays quiet on a sentence nearer an ok example, or unrelated', () => {
    expect(checkText(guard, '返现以活动规则为准，达标后系统会自动发放到账', 'agent')).toEqual([]);
    expect(checkText(guard, '您好，请问有什么可以帮您', 'agent')).toEqual([]);
  });

  it('matches polarity: a negated sentence does not resemble the plain example', () => {
    expect(checkText(guard, '办卡之后我不能私下给您返现两百块', 'agent')).toEqual([]);
  });

  it('marks the words shared with the example in the original text', () => {
    const text = '好的。办卡之后我私下给您返现三百块';
    const [a] = checkText(guard, text, 'agent');
    expect(text.slice(a!.start, a!.end)).toContain('私下给您返现');
  });

  it('counts bigrams inside Chinese and words and word pairs in Latin text', () => {
    const keys = features('保本 guaranteed returns').map((f) => f.key);
    expect(keys).toEqual(['保本', 'w:guarante', 'w:guarante w:return', 'w:return']);
  });
});
