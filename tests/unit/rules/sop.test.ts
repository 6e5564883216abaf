import { describe, expect, it } from 'vitest';
import type { Pack } from '../../../knowledge/authoring/pack.ts';
import { shippedPack } from '../../support/shipped-packs.ts';
import {
  type CaseSession,
  applicableSteps,
  applyTurn,
  createSession,
  currentStep,
  endCase,
} from '../../../knowledge/case/session.ts';
import type { CaseContext } from '../../../knowledge/types.ts';
import { advance, compileSop, stepApplies, type SopState } from '../../../knowledge/rules/sop.ts';
import { prepare } from '../../../knowledge/rules/patterns.ts';

const ZH = [shippedPack('sop', 'zh-CN')];
const EN = [shippedPack('sop', 'en')];

function play(packs: Pack[], ctx: CaseContext, turns: Array<['a' | 'c', string]>): CaseSession {
  let s = createSession(packs, ctx, 'agent', 1_000);
  turns.forEach(([who, text], i) => {
    s = applyTurn(s, { speaker: who === 'a' ? 'agent' : 'customer', text, at: 2_000 + i }, packs);
  });
  return s;
}
const done = (s: CaseSession) =>
  Object.keys(s.steps)
    .filter((k) => s.steps[k]!.done)
    .sort();

describe('checklist: greeting and need', () => {
  it('ticks greet only when the institution and the agent ID are both named', () => {
    expect(done(play(ZH, {}, [['a', '您好，请问有什么可以帮您？']]))).toEqual([]);
    const s = play(ZH, {}, [['a', '您好，我是XX银行客服代表，工号1024，请问有什么可以帮您？']]);
    expect(s.steps.greet).toMatchObject({ done: true, how: 'auto', turn: 0 });
  });

  it('ticks confirm_need on a restatement with a question, not on an identity question', () => {
    expect(done(play(ZH, {}, [['a', '跟您确认一下身份，请问您的姓名是？']]))).not.toContain(
      'confirm_need',
    );
    expect(
      done(play(EN, {}, [['a', "So you'd like to close the account, is that right?"]])),
    ).toContain('confirm_need');
  });
});

describe('checklist: conditional steps', () => {
  it('asks for identity only once the case touches an account', () => {
    const general = play(ZH, { caseType: 'inquiry' }, [['c', '你们信用卡年费多少？']]);
    expect(applicableSteps(general)).not.toContain('verify_identity');
    const account = play(ZH, { caseType: 'inquiry' }, [['c', '帮我查一下我卡里的余额']]);
    expect(applicableSteps(account)).toContain('verify_identity');
    const byProduct = createSession(EN, { product: 'Credit card' }, 'agent', 0);
    expect(applicableSteps(byProduct)).toContain('verify_identity');
  });

  it('ticks verify_identity when the customer answers the identity question', () => {
    const asked = play(ZH, {}, [['a', '为了核实身份，请提供您的姓名和身份证后四位。']]);
    expect(asked.steps.verify_identity?.done ?? false).toBe(false);
    const answered = applyTurn(asked, { speaker: 'customer', text: '张伟，3321', at: 9 }, ZH);
    expect(answered.steps.verify_identity).toMatchObject({ done: true, how: 'auto', turn: 1 });
  });

  it('adds the complaint sub-steps only to complaints, and resolves a complaint through them', () => {
    const inquiry = createSession(ZH, { caseType: 'inquiry' }, 'agent', 0);
    expect(applicableSteps(inquiry)).not.toContain('complaint_soothe');
    const s = play(ZH, { caseType: 'complaint' }, [
      ['c', '你们乱扣费，我要投诉！'],
      ['a', '非常理解您的心情，您先别着急。'],
      ['a', '您反映的情况我已经详细记录下来了。'],
    ]);
    expect(s.steps.resolve?.done ?? false).toBe(false);
    expect(currentStep(s)).toBe('greet');
    const after = applyTurn(s, { speaker: 'agent', text: '给您带来不便，非常抱歉。', at: 10 }, ZH);
    expect(after.steps.complaint_apologise?.done).toBe(true);
    expect(after.steps.resolve?.done).toBe(true);
  });
});

describe('checklist: referral notice', () => {
  it('is done when reason, time and contact are told, even over several turns', () => {
    const s = play(EN, {}, [
      ['a', "This needs our fraud team to investigate, so I'm referring your case to them."],
      ['c', 'How long?'],
      ['a', "They'll call you on your registered number within 24 hours."],
    ]);
    expect(s.steps.referral_notice?.done).toBe(true);
    expect(endCase(s, EN, 99).alerts.map((a) => a.kind)).toEqual([]);
  });

  it('counts a reason the agent gave just before the referral', () => {
    const s = play(ZH, {}, [
      ['a', '卡片被吞需要境外机构配合处理，流程比较复杂。'],
      ['a', '我已经帮您提交工单，预计5个工作日内专员会通过短信告知您进展。'],
    ]);
    expect(s.steps.referral_notice).toMatchObject({ done: true, turn: 1 });
  });

  it('raises incomplete_referral at case end when the time or contact is missing', () => {
    const s = play(ZH, {}, [
      ['a', '这个问题我帮您转交相关部门处理。'],
      ['a', '会尽快给您答复的。'],
    ]);
    expect(applicableSteps(s)).toContain('referral_notice');
    expect(s.steps.referral_notice?.done ?? false).toBe(false);
    const ended = endCase(s, ZH, 99);
    expect(ended.alerts.map((a) => a.kind)).toEqual(['incomplete_referral']);
    expect(ended.alerts[0]!.match).toBe('转交');
  });
});

describe('the compiled checklist on its own', () => {
  const sop = compileSop([shippedPack('sop', 'zh-CN')]);
  const fresh = (context: CaseContext): SopState => ({ context, steps: {}, triggers: {} });

  it('applies steps by their conditions: triggers, case type, parent step', () => {
    const inquiry = fresh({ caseType: 'inquiry' });
    expect(stepApplies(sop, inquiry, 'greet')).toBe(true);
    expect(stepApplies(sop, inquiry, 'verify_identity')).toBe(false);
    expect(stepApplies(sop, inquiry, 'complaint_soothe')).toBe(false);
    expect(stepApplies(sop, fresh({ caseType: 'complaint' }), 'complaint_soothe')).toBe(true);
    expect(stepApplies(sop, inquiry, 'no_such_step')).toBe(false);
  });

  it('ticks the greeting from a turn that names the institution and the agent id', () => {
    const state = fresh({ caseType: 'inquiry' });
    const text = prepare(
      '您好，很高兴为您服务，我是XX金融的客服代表1024，请问有什么可以帮到您？',
    ).text;
    const ticked = advance(sop, state, 'agent', text, 0, 1_000);
    expect(ticked).toContain('greet');
    expect(state.steps.greet?.done).toBe(true);
  });
});
