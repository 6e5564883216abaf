import { describe, expect, it } from 'vitest';
import {
  flagProbability,
  learnModel,
  learnRuleNamer,
  nameRules,
  type Sample,
} from '../../../knowledge/rules/learned.ts';
import { checkText, compileGuard } from '../../../knowledge/rules/guard.ts';
import type { GuardRule, Pack } from '../../../knowledge/authoring/pack.ts';
import { shippedPack } from '../../support/shipped-packs.ts';

const words = (s: string): string[] => s.split(' ');

/** Flag sentences share "promise" and a gain, ok ones the same topics without the promise. */
const SAMPLES: Sample[] = [
  ...Array.from({ length: 50 }, (_, i) => ({
    keys: words(`promise gain${i % 5} topic${i % 7} filler${i}`),
    flag: true,
  })),
  ...Array.from({ length: 50 }, (_, i) => ({
    keys: words(`explain gain${i % 5} topic${i % 7} other${i}`),
    flag: false,
  })),
];

describe('the learned model', () => {
  it('is not learned from too few examples of either kind', () => {
    expect(learnModel(SAMPLES.slice(0, 60))).toBeNull();
  });

  it('flags an unseen sentence by the words it shares with the flag examples', () => {
    const m = learnModel(SAMPLES)!;
    expect(flagProbability(m, words('promise gain2 topic3 never-seen'))).toBeGreaterThan(0.9);
    expect(flagProbability(m, words('explain gain2 topic3 never-seen'))).toBeLessThan(0.1);
  });

  it('learns the same weights from the same examples', () => {
    const a = learnModel(SAMPLES)!;
    const b = learnModel(SAMPLES)!;
    expect([...a.weights]).toEqual([...b.weights]);
    expect(a.bias).toBe(b.bias);
  });

  it('names the rule whose examples use the words, common words included', () => {
    const namer = learnRuleNamer([
      { ruleId: 'fee', keys: words('waive fee this month') },
      { ruleId: 'fee', keys: words('waive annual fee') },
      { ruleId: 'return', keys: words('guaranteed return this month') },
      { ruleId: 'return', keys: words('guaranteed return supervisor') },
    ]);
    expect(nameRules(namer, words('supervisor waive fee'))[0]).toBe('fee');
    expect(nameRules(namer, words('return guaranteed'))[0]).toBe('return');
  });
});

/** A trainer's pack: two rules written only as examples, enough of them for a model. */
function trainerPack(threshold?: number): Pack {
  const rule = (id: string, authority: string | undefined, flag: string[]): GuardRule => ({
    id,
    kind: 'unauthorised_promise',
    severity: 'high',
    title: id,
    ...(authority ? { authority } : {}),
    examples: { flag },
    basis: { law: 'Code', article: '1' },
    alternative: 'Say what the process is.',
  });
  const gifts = ['a voucher', 'a gift card', 'some air miles', 'a hamper', 'cinema tickets'];
  const when = ['today', 'this week', 'right now', 'before Friday', 'by tonight'];
  // Varied wordings, as a trainer writes them: no phrase is in every example.
  const offers = [
    (g: string, w: string) => `I will personally send you ${g} ${w} if you open the account`,
    (g: string, w: string) => `Sign up ${w} and ${g} comes from me as a thank you`,
    (g: string, w: string) => `You get ${g} from me ${w} once the account is open`,
    (g: string, w: string) => `I can add ${g} for you ${w}, just open the account`,
  ];
  const cashback = offers.flatMap((o) => gifts.flatMap((g) => when.map((w) => o(g, w))));
  const fees = ['late fee', 'annual fee', 'transfer fee', 'card fee'];
  const waivers = [
    (f: string, w: string) => `I will waive the ${f} ${w}`,
    (f: string, w: string) => `Leave it with me, the ${f} is cancelled ${w}`,
    (f: string, w: string) => `You will not pay the ${f}, I take it off ${w}`,
  ];
  const waiver = waivers.flatMap((o) => fees.flatMap((f) => when.map((w) => o(f, w))));
  const ok = [
    ...gifts.flatMap((g) =>
      when.map((w) => `The offer terms say whether ${g} is sent ${w}, I can read them to you`),
    ),
    ...when.flatMap((w) =>
      ['late fee', 'annual fee', 'transfer fee', 'card fee'].map(
        (f) => `I can check the ${f} ${w} and tell you what the tariff says`,
      ),
    ),
  ];
  return {
    schemaVersion: 1,
    id: 'trainer',
    name: 'trainer',
    locale: 'en',
    version: '1',
    guard: {
      negations: ["\\b(?:not|never|can't)\\b"],
      clauseBreaks: ['[,;:!?\\n]', '\\.(?=\\s|$)'],
      sentenceBreaks: ['[!?;\\n]', '\\.(?=\\s|$)'],
      ...(threshold ? { learnedThreshold: threshold } : {}),
    },
    roles: [{ id: 'supervisor', name: 'Lead', authorities: ['fee_waiver'] }],
    rules: [
      { ...rule('gift', undefined, cashback), examples: { flag: cashback, ok } },
      rule('waiver', 'fee_waiver', waiver),
    ],
  } as Pack;
}

describe('a guard with a learned model', () => {
  it('flags a new wording no example has, names its rule and shows the nearest example', () => {
    const guard = compileGuard([trainerPack()]);
    // A gift no example names, in a shortened form of one of the wordings.
    const [a] = checkText(guard, 'Sign up today and a bottle of wine comes from me', 'agent');
    expect(a?.ruleId).toBe('gift');
    expect(a?.example?.text).toMatch(/^Sign up today and .* comes from me/);
    expect(
      checkText(guard, 'The offer terms say whether wine is sent, I can read them', 'agent'),
    ).toEqual([]);
  });

  it('lets a lead say what the likeliest rule is theirs to say', () => {
    const guard = compileGuard([trainerPack()]);
    const waive = 'I will waive the overdraft fee for you today';
    expect(checkText(guard, waive, 'agent').map((a) => a.ruleId)).toEqual(['waiver']);
    expect(checkText(guard, waive, 'supervisor')).toEqual([]);
  });

  it('leaves a sentence in quotes alone, as it does a pattern in quotes', () => {
    const guard = compileGuard([trainerPack()]);
    const said = 'I will waive the overdraft fee for you today';
    expect(checkText(guard, `Your note says "${said}"`, 'agent')).toEqual([]);
    expect(checkText(guard, `Your note is right. ${said}`, 'agent')).not.toEqual([]);
  });

  it('is turned off by a threshold of 1', () => {
    const guard = compileGuard([trainerPack(1)]);
    expect(guard.rules[0]!.scope.model).toBeNull();
  });

  it('does not flag the shipped knowledge base answers it learned as compliant text', () => {
    const sop = shippedPack('sop', 'zh-CN');
    const kb = shippedPack('kb', 'zh-CN');
    const guard = compileGuard([sop, kb]);
    const flagged = (kb.articles ?? []).filter(
      (a) =>
        checkText(guard, a.answer, 'agent', { kinds: new Set(['unauthorised_promise']) }).length,
    );
    expect(flagged.map((a) => a.id)).toEqual([]);
  });
});

describe('the shipped packs read new wordings through their model', () => {
  const zh = compileGuard([shippedPack('sop', 'zh-CN'), shippedPack('kb', 'zh-CN')]);
  const en = compileGuard([shippedPack('sop', 'en'), shippedPack('kb', 'en')]);

  it('has a model in each language', () => {
    expect(zh.rules[0]!.scope.model).not.toBeNull();
    expect(en.rules[0]!.scope.model).not.toBeNull();
  });
});
