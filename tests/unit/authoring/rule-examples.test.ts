import { describe, expect, it } from 'vitest';
import {
  MAX_EXAMPLE_CHARS,
  MAX_EXAMPLES_PER_KIND,
  addExample,
  cleanExample,
  examplesAsPackRules,
  readLocalExamples,
  removeExample,
  withLocalExamples,
  type LocalExamples,
} from '../../../knowledge/authoring/rule-examples.ts';
import { checkText, compileGuard } from '../../../knowledge/rules/guard.ts';
import type { GuardRule, Pack } from '../../../knowledge/authoring/pack.ts';

const rule = (id: string, flag: string[] = [], ok: string[] = []): GuardRule => ({
  id,
  kind: 'unauthorised_promise',
  severity: 'high',
  title: id,
  examples: { flag, ok },
  basis: { law: '办法', article: '第一条' },
  alternative: '返现以活动规则为准。',
});

const pack = (id: string, rules: GuardRule[], version = '1'): Pack => ({
  schemaVersion: 1,
  id,
  name: id,
  locale: 'zh-CN',
  version,
  guard: {
    negations: ['不', '没', '无'],
    clauseBreaks: ['[,;:!?\\n]', '\\.'],
    sentenceBreaks: ['[!?;\\n]', '\\.'],
  },
  rules,
});

const FLAG = [
  '办卡之后我私下给您返现两百块',
  '您开户我这边额外返您三百元现金',
  '存满五万我个人再返您一个红包',
  '您转过来我自己掏钱返现给您',
];

describe('local examples: adding and removing', () => {
  it('trims, joins white space and caps the length of an example', () => {
    expect(cleanExample('  保本\n  保息  ')).toBe('保本 保息');
    expect(Array.from(cleanExample('好'.repeat(MAX_EXAMPLE_CHARS + 50)))).toHaveLength(
      MAX_EXAMPLE_CHARS,
    );
    // A character outside the BMP is never cut in half.
    expect(cleanExample('𠮷'.repeat(MAX_EXAMPLE_CHARS + 1))).toBe('𠮷'.repeat(MAX_EXAMPLE_CHARS));
  });

  it('adds without duplicates, leaving the input unchanged', () => {
    const empty: LocalExamples = {};
    const one = addExample(empty, 'zh.x', 'ok', ' 返现以规则为准 ');
    const two = addExample(one, 'zh.x', 'ok', '返现以规则为准');
    expect(empty).toEqual({});
    expect(two).toEqual({ 'zh.x': { flag: [], ok: ['返现以规则为准'] } });
  });

  it('moves a sentence to the other kind instead of keeping it in both', () => {
    const a = addExample({}, 'zh.x', 'flag', '我私下返您两百');
    expect(addExample(a, 'zh.x', 'ok', '我私下返您两百')).toEqual({
      'zh.x': { flag: [], ok: ['我私下返您两百'] },
    });
  });

  it('ignores an empty text or an id no rule can have', () => {
    const a = addExample({}, 'zh.x', 'ok', 'a');
    expect(addExample(a, 'zh.x', 'ok', '   ')).toBe(a);
    expect(addExample(a, 'bad id!', 'ok', 'text')).toBe(a);
  });

  it('keeps the newest examples when a rule has too many', () => {
    let local: LocalExamples = {};
    for (let i = 0; i < MAX_EXAMPLES_PER_KIND + 5; i++)
      local = addExample(local, 'r', 'ok', `s${i}`);
    expect(local.r!.ok).toHaveLength(MAX_EXAMPLES_PER_KIND);
    expect(local.r!.ok.at(-1)).toBe(`s${MAX_EXAMPLES_PER_KIND + 4}`);
    expect(local.r!.ok[0]).toBe('s5');
  });

  it('removes an example, and the rule once it has none left', () => {
    const a = addExample(addExample({}, 'r', 'ok', 'one'), 'r', 'flag', 'two');
    expect(removeExample(a, 'r', 'ok', 'one')).toEqual({ r: { flag: ['two'], ok: [] } });
    expect(removeExample(removeExample(a, 'r', 'ok', 'one'), 'r', 'flag', 'two')).toEqual({});
    expect(removeExample(a, 'other', 'ok', 'one')).toBe(a);
  });

  it('reads back only well-formed stored values', () => {
    expect(readLocalExamples(null)).toEqual({});
    expect(readLocalExamples([1])).toEqual({});
    expect(
      readLocalExamples({ r: { ok: ['a', 3, ' a '], flag: 'x' }, 'bad id': { ok: ['b'] }, e: {} }),
    ).toEqual({ r: { flag: [], ok: ['a'] } });
  });
});

describe('local examples applied to packs', () => {
  it('adds to the rule of the first pack that has it, and reports unknown rule ids', () => {
    const a = pack('a', [rule('r1', ['已有的句子'])]);
    const b = pack('b', [rule('r1'), rule('r2')]);
    const local = addExample(addExample({}, 'r1', 'ok', '新的句子'), 'ghost', 'ok', '无处可去');
    const applied = withLocalExamples([a, b], local);
    expect(applied.packs[0]!.rules![0]!.examples).toEqual({
      flag: ['已有的句子'],
      ok: ['新的句子'],
    });
    expect(applied.packs[1]).toBe(b);
    expect(applied.unknown).toEqual(['ghost']);
    expect(applied.added).toBe(1);
    expect(a.rules![0]!.examples!.ok).toEqual([]);
  });

  it('gives a changed pack a version of its own, the same for the same examples', () => {
    const a = pack('a', [rule('r1')], '3');
    const one = withLocalExamples([a], addExample({}, 'r1', 'ok', 'x')).packs[0]!;
    const again = withLocalExamples([a], addExample({}, 'r1', 'ok', 'x')).packs[0]!;
    const other = withLocalExamples([a], addExample({}, 'r1', 'ok', 'y')).packs[0]!;
    expect(one.version).toMatch(/^3\+local\.[0-9a-z]+$/);
    expect(again.version).toBe(one.version);
    expect(other.version).not.toBe(one.version);
  });

  it('leaves a pack as it is when its rules already hold every local example', () => {
    const a = pack('a', [rule('r1', ['同一句'])]);
    const applied = withLocalExamples([a], addExample({}, 'r1', 'ok', '同一句'));
    expect(applied.packs[0]).toBe(a);
    expect(applied.added).toBe(0);
  });

  it('lets an ok example added from a dismissed alert clear that sentence', () => {
    const packs = [pack('trainer', [rule('zh.cashback', FLAG)])];
    const sentence = '开卡以后我私下给您返现两百元';
    expect(checkText(compileGuard(packs), sentence, 'agent').map((x) => x.ruleId)).toEqual([
      'zh.cashback',
    ]);
    const local = addExample({}, 'zh.cashback', 'ok', sentence);
    const guard = compileGuard(withLocalExamples(packs, local).packs);
    expect(checkText(guard, sentence, 'agent')).toEqual([]);
    expect(checkText(guard, FLAG[0]!, 'agent')).toHaveLength(1);
  });

  it('exports the local examples in pack form', () => {
    const local = addExample(addExample({}, 'b', 'flag', 'f'), 'a', 'ok', 'o');
    expect(examplesAsPackRules(local)).toEqual({
      rules: [
        { id: 'a', examples: { ok: ['o'] } },
        { id: 'b', examples: { flag: ['f'] } },
      ],
    });
  });
});
