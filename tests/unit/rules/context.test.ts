import { describe, expect, it } from 'vitest';
import { shippedPack } from '../../support/shipped-packs.ts';
import {
  type CaseFacts,
  evaluateContext,
  parseDate,
  riskLevel,
} from '../../../knowledge/rules/context.ts';
import { checkText, compileGuard } from '../../../knowledge/rules/guard.ts';
import { validatePack } from '../../../knowledge/authoring/pack.ts';
import {
  applyTurn,
  checkDraft,
  createSession,
  uncheckedRules,
  updateContext,
} from '../../../knowledge/case/session.ts';
import { reportFrame, type FrameReport } from '../../../knowledge/case/lifecycle.ts';
import type { FieldReading } from '../../../knowledge/crm/reader.ts';
import type { CaseContext } from '../../../knowledge/types.ts';

const BEIJING = 480;
/** Epoch ms of a Beijing wall-clock time. */
const beijing = (iso: string): number => Date.parse(`${iso}+08:00`);
const facts = (context: CaseContext, now = beijing('2026-06-15T10:00:00'), read?: string[]) =>
  ({ context, now, utcOffsetMinutes: BEIJING, ...(read ? { read } : {}) }) satisfies CaseFacts;

describe('what the context rules read from CRM values', () => {
  it('reads the level of R1–R5 and C1–C5 however the CRM writes it', () => {
    expect(riskLevel('R4')).toBe(4);
    expect(riskLevel('C2 稳健型')).toBe(2);
    expect(riskLevel('3级')).toBe(3);
    expect(riskLevel('稳健型')).toBeUndefined();
  });

  it('reads dates in the forms CRMs show', () => {
    const day = Date.UTC(2026, 2, 10);
    for (const v of ['2026-03-10', '2026/3/10', '2026年3月10日', '20260310', '2026.03.10'])
      expect(parseDate(v), v).toBe(day);
    expect(parseDate('2026-13-01')).toBeUndefined();
    expect(parseDate('下周')).toBeUndefined();
  });
});

describe('a rule context holds, fails, or cannot be checked', () => {
  const above = { fields: [{ field: 'productRiskLevel', above: 'customerRiskLevel' }] };

  it('compares the product risk with the customer tolerance', () => {
    expect(
      evaluateContext(above, facts({ productRiskLevel: 'R4', customerRiskLevel: 'C2' })),
    ).toEqual({ state: 'holds' });
    expect(
      evaluateContext(above, facts({ productRiskLevel: 'R3', customerRiskLevel: 'C3' })),
    ).toEqual({ state: 'fails' });
  });

  it('names the fields it lacks rather than passing silently', () => {
    expect(evaluateContext(above, facts({ productRiskLevel: 'R4' }))).toEqual({
      state: 'unchecked',
      missing: ['customerRiskLevel'],
    });
    // A value the CRM writes in a form not understood is as good as missing.
    expect(
      evaluateContext(above, facts({ productRiskLevel: 'R4', customerRiskLevel: '稳健型' })),
    ).toEqual({ state: 'unchecked', missing: ['customerRiskLevel'] });
  });

  it('tells an empty field the page shows from a field the profile does not read', () => {
    const none = { fields: [{ field: 'customerRiskLevel', empty: true }] };
    expect(evaluateContext(none, facts({}, undefined, ['customerRiskLevel']))).toEqual({
      state: 'holds',
    });
    expect(evaluateContext(none, facts({}))).toEqual({
      state: 'unchecked',
      missing: ['customerRiskLevel'],
    });
    expect(evaluateContext(none, facts({ customerRiskLevel: 'C3' }))).toEqual({ state: 'fails' });
  });

  it('keeps an assessment valid for twelve months to the day', () => {
    const expired = { fields: [{ field: 'riskAssessedAt', olderThanMonths: 12 }] };
    const at = (iso: string) => facts({ riskAssessedAt: '2025-03-10' }, beijing(iso));
    expect(evaluateContext(expired, at('2026-03-10T18:00:00')).state).toBe('fails');
    expect(evaluateContext(expired, at('2026-03-11T09:00:00')).state).toBe('holds');
  });

  it('matches a marketing refusal on the case channel or on all channels', () => {
    const refused = { fields: [{ field: 'marketingOptOut', listsChannel: true }] };
    const on = (optOut: string, channel: string) =>
      evaluateContext(refused, facts({ marketingOptOut: optOut, channel })).state;
    expect(on('phone, message', 'phone')).toBe('holds');
    expect(on('phone、message', 'chat')).toBe('fails');
    expect(on('all', 'email')).toBe('holds');
    expect(on('none', 'phone')).toBe('fails');
  });

  it('counts contact hours in the centre time zone, not the machine one', () => {
    const hours = {
      caseTypes: ['collections'],
      outsideHours: { from: '08:00', to: '22:00' },
    };
    const call = (iso: string, caseType = 'collections') =>
      evaluateContext(hours, facts({ caseType }, beijing(iso))).state;
    expect(call('2026-06-15T07:59:00')).toBe('holds');
    expect(call('2026-06-15T08:00:00')).toBe('fails');
    expect(call('2026-06-15T21:59:00')).toBe('fails');
    expect(call('2026-06-15T22:00:00')).toBe('holds');
    expect(call('2026-06-15T23:30:00', 'inquiry')).toBe('fails');
    // Without the case type the late call cannot be judged: it is said, not assumed.
    expect(evaluateContext(hours, facts({}, beijing('2026-06-15T23:30:00')))).toEqual({
      state: 'unchecked',
      missing: ['caseType'],
    });
  });
});

describe('the shipped packs check the case, not only the words', () => {
  const zh = [shippedPack('sop', 'zh-CN')];
  const en = [shippedPack('sop', 'en')];
  const guard = compileGuard(zh);
  const risky = { productRiskLevel: 'R4', customerRiskLevel: 'C2', riskAssessedAt: '2026-03-10' };
  const kinds = (text: string, context?: CaseContext) =>
    checkText(guard, text, 'agent', context ? { facts: facts(context) } : {}).map((a) => a.kind);

  it('flags a recommendation above the tolerance, and only with the fields read', () => {
    const pitch = '这款收益不错，挺适合您的，我帮您下单吧。';
    expect(kinds(pitch, risky)).toEqual(['suitability']);
    expect(kinds(pitch, { ...risky, customerRiskLevel: 'C4' })).toEqual([]);
    expect(kinds(pitch)).toEqual([]);
  });

  it('lets a trainer test the words of a context rule without a case', () => {
    const alerts = checkText(guard, '这款挺适合您的，我帮您下单吧。', 'agent', {
      assumeContext: true,
    });
    expect(alerts.map((a) => a.ruleId)).toContain('zh.suitability-risk-above');
    // A rule of the case alone has no words to test.
    expect(alerts.map((a) => a.ruleId)).not.toContain('zh.collections-hours');
  });

  it('lets the agent say no to the sale', () => {
    expect(kinds('这款产品风险等级高于您的风险承受能力，不建议您购买。', risky)).toEqual([]);
    expect(kinds('这款不适合您，我给您介绍低风险的产品。', risky)).toEqual([]);
  });

  it('warns on a draft once the risk panel arrives after the case opened', () => {
    let s = createSession(
      zh,
      { caseId: 'W1', channel: 'phone' },
      'agent',
      beijing('2026-06-15T10:00:00'),
    );
    const draft = '可以的，我帮您申购这款。';
    expect(checkDraft(s, draft, zh, s.startedAt).map((a) => a.kind)).toEqual([]);
    s = updateContext(s, { ...s.context, ...risky }, undefined, zh, s.startedAt + 5_000);
    expect(checkDraft(s, draft, zh, s.startedAt + 6_000).map((a) => a.kind)).toEqual([
      'suitability',
    ]);
  });

  it('says which rules it could not check and why', () => {
    const s = createSession(en, { caseId: 'E1', channel: 'chat', caseType: 'inquiry' }, 'agent');
    const unchecked = uncheckedRules(s, en);
    const ids = unchecked.map((u) => u.ruleId);
    expect(ids).toContain('en.suitability-risk-above');
    expect(ids).toContain('en.marketing-opt-out');
    // Collections rules do not apply to an inquiry, so they are not "unchecked".
    expect(ids.some((id) => id.includes('collections'))).toBe(false);
    const above = unchecked.find((u) => u.ruleId === 'en.suitability-risk-above')!;
    expect(above.missing.sort()).toEqual(['customerRiskLevel', 'productRiskLevel']);
  });

  it('raises a late collections call once, on the agent speaking', () => {
    const t0 = beijing('2026-06-15T22:40:00');
    let s = createSession(
      zh,
      { caseId: 'K1', caseType: 'collections', channel: 'phone' },
      'agent',
      t0,
    );
    expect(s.alerts).toEqual([]);
    s = applyTurn(s, { speaker: 'customer', text: '喂？', at: t0 + 1_000 }, zh);
    expect(s.alerts).toEqual([]);
    s = applyTurn(s, { speaker: 'agent', text: '您好，请问是张先生本人吗？', at: t0 + 2_000 }, zh);
    s = applyTurn(s, { speaker: 'agent', text: '我是XX银行信用卡中心的。', at: t0 + 3_000 }, zh);
    expect(s.alerts.map((a) => a.ruleId)).toEqual(['zh.collections-hours']);
    expect(s.alerts[0]!.basis.article).toBe('第六十八条');
  });

  it('reads an empty risk field on the page as no assessment on file', () => {
    const fields: Record<string, FieldReading> = {
      caseId: { value: 'N1', status: 'ok' },
      customerRiskLevel: { status: 'empty' },
      productRiskLevel: { value: 'R2', status: 'ok' },
    };
    const report: FrameReport = {
      tabId: 3,
      frameId: 0,
      url: 'http://crm.test/',
      tabUrl: 'http://crm.test/',
      reading: {
        fields,
        hasReply: true,
        transcript: [{ speaker: 'agent', text: '这款理财适合您，我先帮您买上。' }],
      },
      profile: { id: 'p', name: 'p' },
      locale: 'zh-CN',
      role: '',
      now: beijing('2026-06-15T10:00:00'),
      packs: () => zh,
    };
    const { state } = reportFrame(null, report);
    expect(state.session.read).toContain('customerRiskLevel');
    expect(state.session.alerts.map((a) => a.ruleId)).toEqual(['zh.suitability-not-assessed']);
  });
});

describe('pack validation of rule contexts', () => {
  const pack = (rule: object) => ({
    schemaVersion: 1,
    id: 'p',
    name: 'p',
    locale: 'zh-CN',
    version: '1',
    rules: [
      {
        id: 'r',
        kind: 'suitability',
        severity: 'high',
        title: 't',
        basis: { law: 'l', article: 'a' },
        alternative: 'x',
        ...rule,
      },
    ],
  });

  it('accepts a rule raised by the case alone', () => {
    const r = validatePack(
      pack({ when: { caseTypes: ['collections'], outsideHours: { from: '08:00', to: '22:00' } } }),
    );
    expect(r.ok).toBe(true);
  });

  it('refuses a field test that says two things, or none, with its path', () => {
    const r = validatePack(
      pack({
        phrases: ['推荐'],
        when: { fields: [{ field: 'a', empty: true, in: ['x'] }, { field: 'b' }] },
      }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.path)).toEqual([
        'rules[0].when.fields[0]',
        'rules[0].when.fields[1]',
      ]);
  });

  it('refuses a wordless rule that tests nothing but the case type, and a bad clock time', () => {
    expect(validatePack(pack({ when: { caseTypes: ['collections'] } })).ok).toBe(false);
    const r = validatePack(pack({ when: { outsideHours: { from: '8am', to: '22:00' } } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.path).toBe('rules[0].when.outsideHours.from');
  });
});
