import { describe, expect, it } from 'vitest';
import { checkText, compileGuard } from '../../../knowledge/rules/guard.ts';
import type { Pack } from '../../../knowledge/authoring/pack.ts';
import { shippedPack } from '../../support/shipped-packs.ts';

const zh = compileGuard([shippedPack('sop', 'zh-CN')]);
const en = compileGuard([shippedPack('sop', 'en')]);
const SCORED = new Set(['unauthorised_promise', 'credential_request', 'misleading_claim'] as const);
const kinds = (g: typeof zh, text: string, role = 'agent') =>
  checkText(g, text, role, { kinds: SCORED }).map((a) => a.kind);

describe('guard: fires on what must not be said, in its many spellings', () => {
  it.each([
    ['这款产品保本保息。', 'unauthorised_promise'],
    ['這款產品穩賺不賠。', 'unauthorised_promise'],
    ['这款产品保 本，您放心。', 'unauthorised_promise'],
    ['放心买，包赚的。', 'unauthorised_promise'],
    ['年化收益保底４％。', 'unauthorised_promise'],
    ['麻烦把短信验证码告诉我。', 'credential_request'],
    ['请提供一下您的ＣＶＶ。', 'credential_request'],
    ['这只基金下个月肯定会涨。', 'misleading_claim'],
    ['这款理财和存款一样安全。', 'misleading_claim'],
  ])('zh: %s', (text, kind) => {
    expect(kinds(zh, text)).toContain(kind);
  });

  it.each([
    ["We'll guarantee a 7% return.", 'unauthorised_promise'],
    ["You won't lose a penny.", 'unauthorised_promise'],
    ['GUARANTEED RETURNS on this one.', 'unauthorised_promise'],
    ["What's your PIN?", 'credential_request'],
    ['Can you read me the one-time code we just texted you?', 'credential_request'],
    ['It is completely risk-free.', 'misleading_claim'],
    ['The stock will definitely go up after earnings.', 'misleading_claim'],
  ])('en: %s', (text, kind) => {
    expect(kinds(en, text)).toContain(kind);
  });
});

describe('guard: stays silent on compliant look-alikes', () => {
  it.each([
    '这款产品不保本。',
    '我没办法向您保证收益。',
    '请不要向任何人透露验证码，包括我们的工作人员。',
    '如果有人向您索要验证码，那一定是诈骗。',
    '您说的“保本保息”，这款产品并没有这样的承诺。',
    '宣传单上写的「稳赚不赔」是违规宣传。',
    '这款产品和存款不一样，不受存款保险保障。',
    '您不用担心，您的投诉我已经记录下来了。',
  ])('zh: %s', (text) => {
    expect(kinds(zh, text)).toEqual([]);
  });

  it.each([
    "I can't promise approval.",
    'We will never ask for your password.',
    "There's no guarantee of returns with this fund.",
    'You mentioned "guaranteed returns", but this product offers none.',
    "If anyone asks for your PIN, it's a scam.",
    "I'm afraid I can't waive that charge myself.",
  ])('en: %s', (text) => {
    expect(kinds(en, text)).toEqual([]);
  });
});

describe('guard: roles and authorities come from the pack', () => {
  it('lets a supervisor waive a fee that an agent may not', () => {
    const text = '这笔年费我直接给您免了。';
    expect(kinds(zh, text, 'agent')).toEqual(['unauthorised_promise']);
    expect(kinds(zh, text, 'supervisor')).toEqual([]);
    expect(kinds(en, "I'll waive the annual fee for you.", 'supervisor')).toEqual([]);
  });

  it('lets nobody, not even a supervisor, promise returns or ask for a code', () => {
    expect(kinds(zh, '我是主管，我保证这款产品保本。', 'supervisor')).toContain(
      'unauthorised_promise',
    );
    expect(kinds(en, 'Please read me the verification code.', 'supervisor')).toEqual([
      'credential_request',
    ]);
  });
});

describe('guard: alerts explain themselves', () => {
  it('points at the words in the original text, with basis and wording to use instead', () => {
    const text = '您好！這款產品保 本，年化5%。';
    const [a] = checkText(zh, text, 'agent');
    expect(a).toBeDefined();
    expect(text.slice(a!.start, a!.end)).toBe(a!.match);
    expect(a!.match).toBe('保 本');
    expect(a!.basis.law).toContain('广告法');
    expect(a!.alternative.length).toBeGreaterThan(10);
  });
});

describe('guard: negation scope is pack data, not code', () => {
  const base = shippedPack('sop', 'zh-CN');
  it('clears a hit only while the pack lists the negation word', () => {
    const without: Pack = {
      ...base,
      guard: {
        ...base.guard,
        negations: (base.guard?.negations ?? []).filter((n) => !n.startsWith('不')),
      },
    };
    expect(kinds(compileGuard([base]), '这款产品不保本。')).toEqual([]);
    expect(kinds(compileGuard([without]), '这款产品不保本。')).toEqual(['unauthorised_promise']);
  });

  it('runs a rule a trainer adds to a pack', () => {
    const pack: Pack = {
      ...base,
      id: 'custom',
      rules: [
        {
          id: 'no-vip-promise',
          kind: 'unauthorised_promise',
          severity: 'medium',
          title: 'VIP upgrade promise',
          patterns: ['升级(?:成|为)?vip'],
          basis: { law: '内部制度', article: '第1条' },
          alternative: '会员等级以系统评定为准。',
        },
      ],
    };
    expect(kinds(compileGuard([pack]), '我帮您升级成VIP。')).toEqual(['unauthorised_promise']);
    expect(kinds(compileGuard([pack]), '我没法帮您升级VIP。')).toEqual([]);
  });
});
