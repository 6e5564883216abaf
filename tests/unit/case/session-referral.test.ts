import { describe, expect, it } from 'vitest';
import type { Pack } from '../../../knowledge/authoring/pack.ts';
import { shippedPack } from '../../support/shipped-packs.ts';
import {
  type CaseSession,
  applyTurn,
  createSession,
  endCase,
} from '../../../knowledge/case/session.ts';

const ZH = [shippedPack('sop', 'zh-CN')];
const EN = [shippedPack('sop', 'en')];

function run(packs: Pack[], turns: Array<['agent' | 'customer', string]>): CaseSession[] {
  let s = createSession(packs, { channel: 'chat', caseType: 'complex' }, 'agent', 0);
  const seen: CaseSession[] = [];
  turns.forEach(([speaker, text], i) => {
    s = applyTurn(s, { speaker, text, at: (i + 1) * 1000 }, packs);
    seen.push(s);
  });
  seen.push(endCase(s, packs, 99_000));
  return seen;
}
const referralAlerts = (s: CaseSession) => s.alerts.filter((a) => a.kind === 'incomplete_referral');

describe('session: the referral notice is checked while the customer is still there', () => {
  it('warns at the agent turn after an incomplete referral, before the case ends', () => {
    const seen = run(ZH, [
      ['agent', '这个问题我帮您转交给相关部门处理'],
      ['customer', '那要多久'],
      ['agent', '您耐心等待就好'],
      ['customer', '好吧'],
    ]);
    expect(referralAlerts(seen[0]!)).toHaveLength(0);
    expect(referralAlerts(seen[2]!)).toHaveLength(1);
    expect(referralAlerts(seen.at(-1)!)).toHaveLength(1);
  });

  it('withdraws the warning once reason, time and contact have all been told', () => {
    const seen = run(EN, [
      [
        'agent',
        "Because the payment needs a compliance check, I'm escalating this to our payments team.",
      ],
      ['customer', 'how long?'],
      ['agent', 'They will have an answer within 3 business days.'],
      ['customer', 'and?'],
      ['agent', 'A specialist will call you on the number on file.'],
    ]);
    expect(referralAlerts(seen[2]!)).toHaveLength(1);
    expect(referralAlerts(seen[4]!)).toHaveLength(0);
    expect(referralAlerts(seen.at(-1)!)).toHaveLength(0);
    expect(seen.at(-1)!.steps.referral_notice?.done).toBe(true);
  });

  it('raises nothing when the referral turn already tells reason, time and contact', () => {
    const seen = run(ZH, [
      ['agent', '因为涉及境外商户争议，需要转交争议处理部门调查，预计5个工作日内专员会电话联系您'],
      ['customer', '好的'],
      ['agent', '感谢您的耐心，再见'],
    ]);
    expect(seen.every((s) => referralAlerts(s).length === 0)).toBe(true);
  });
});
