import { describe, expect, it } from 'vitest';
import { shippedPack } from '../../support/shipped-packs.ts';
import {
  applyTurn,
  checkDraft,
  createSession,
  endCase,
  forgetKnowledge,
  knowledgeFor,
  overrideAlert,
  setNotes,
  tickStep,
  noteUsed,
} from '../../../knowledge/case/session.ts';

const ZH = [shippedPack('sop', 'zh-CN')];
const EN = [shippedPack('sop', 'en')];
const BALANCE = '您尾号6688的储蓄卡当前余额为12,350.20元。';

describe('session: plain JSON that survives a worker restart', () => {
  it('continues from a JSON copy after the compiled packs are gone', () => {
    let s = createSession(ZH, { channel: 'phone', caseType: 'inquiry' }, 'agent', 0);
    s = applyTurn(s, { speaker: 'agent', text: '您好，我是XX银行客服代表，工号8012。', at: 1 }, ZH);
    const stored = JSON.stringify(s);
    forgetKnowledge();
    const restored = JSON.parse(stored) as typeof s;
    expect(restored).toEqual(s);
    expect(() => applyTurn(restored, { speaker: 'customer', text: '你好' })).toThrow(/not loaded/);
    const next = applyTurn(restored, { speaker: 'customer', text: '我想查余额', at: 2 }, ZH);
    expect(next.steps.greet?.done).toBe(true);
    expect(next.triggers.account?.turn).toBe(1);
  });

  it('never changes the session it is given', () => {
    const s = createSession(ZH, {}, 'agent', 0);
    const before = JSON.stringify(s);
    applyTurn(s, { speaker: 'agent', text: BALANCE, at: 1 }, ZH);
    tickStep(s, 'greet', true, 'A1', 5);
    setNotes(s, '客户咨询余额，已核实身份并告知。', ZH, 6);
    endCase(s, ZH, 7);
    expect(JSON.stringify(s)).toBe(before);
  });

  it('compiles a pack set once per ids and versions', () => {
    expect(knowledgeFor(ZH)).toBe(knowledgeFor([...ZH]));
    expect(knowledgeFor([{ ...ZH[0]!, version: '9.9.9' }])).not.toBe(knowledgeFor(ZH));
  });
});

describe('session: identity before disclosure', () => {
  it('warns when the agent states a balance before identity is verified, not after', () => {
    const early = applyTurn(
      createSession(ZH, {}, 'agent', 0),
      { speaker: 'agent', text: BALANCE, at: 1 },
      ZH,
    );
    expect(early.alerts.map((a) => a.kind)).toEqual(['missing_identity_check']);
    expect(early.alerts[0]).toMatchObject({ turn: 0, at: 1 });

    let s = createSession(ZH, {}, 'agent', 0);
    s = applyTurn(s, { speaker: 'agent', text: '请提供您的姓名和身份证后四位。', at: 1 }, ZH);
    s = applyTurn(s, { speaker: 'customer', text: '张伟，3321', at: 2 }, ZH);
    s = applyTurn(s, { speaker: 'agent', text: BALANCE, at: 3 }, ZH);
    expect(s.alerts).toEqual([]);
  });

  it('checks a draft against the case state without touching the checklist', () => {
    const s = createSession(EN, {}, 'agent', 0);
    const draft = 'Your available balance is $1,203.40.';
    expect(checkDraft(s, draft, EN).map((a) => a.kind)).toEqual(['missing_identity_check']);
    const verified = tickStep(s, 'verify_identity', true, 'A7', 3);
    expect(checkDraft(verified, draft, EN)).toEqual([]);
    expect(checkDraft(s, 'This fund is risk-free.', EN).map((a) => a.kind)).toEqual([
      'misleading_claim',
    ]);
    expect(s.steps).toEqual({});
  });
});

describe('session: manual ticks, notes, overrides and case end', () => {
  it('records how, when, by whom and after which turn a step was ticked by hand', () => {
    let s = createSession(ZH, {}, 'agent', 0);
    s = applyTurn(s, { speaker: 'customer', text: '你好', at: 1 }, ZH);
    s = tickStep(s, 'greet', true, 'A1024', 50);
    expect(s.steps.greet).toEqual({ done: true, how: 'manual', turn: 0, at: 50, by: 'A1024' });
    s = tickStep(s, 'greet', false, 'A1024', 60);
    expect(s.steps.greet?.done).toBe(false);
  });

  it('ticks record from a summary in the notes, and unticks it when they are cleared', () => {
    let s = createSession(EN, {}, 'agent', 0);
    s = setNotes(s, 'Customer asked about CD rates; quoted 4.1% APY.', EN, 10);
    expect(s.steps.record).toMatchObject({ done: true, how: 'auto' });
    s = setNotes(s, '', EN, 11);
    expect(endCase(s, EN, 12).steps.record?.done).toBe(false);
  });

  it('keeps an override reason with the alert', () => {
    let s = createSession(ZH, {}, 'agent', 0);
    s = applyTurn(s, { speaker: 'agent', text: '这款产品零风险。', at: 1 }, ZH);
    const id = s.alerts[0]!.id;
    s = overrideAlert(s, id, '客户引用宣传单原话', 'A1', 5);
    expect(s.alerts[0]!.override).toEqual({ reason: '客户引用宣传单原话', at: 5, by: 'A1' });
  });

  it('ignores what the customer says', () => {
    let s = createSession(ZH, {}, 'agent', 0);
    s = applyTurn(
      s,
      { speaker: 'customer', text: '你们不是说保本保息吗？验证码是123456', at: 1 },
      ZH,
    );
    expect(s.alerts).toEqual([]);
  });

  it('records the first reply against the channel SLA', () => {
    let s = createSession(EN, { channel: 'chat' }, 'agent', 0);
    s = applyTurn(s, { speaker: 'customer', text: 'Hi', at: 1_000 }, EN);
    s = applyTurn(s, { speaker: 'agent', text: 'Hello!', at: 20_000 }, EN);
    expect(s.sla).toMatchObject({ state: 'met', startedAt: 1_000, repliedAt: 20_000 });
  });
});

describe('session: draft checks keep up with typing', () => {
  it('checks a 200-character draft in well under a millisecond (p95 of medians)', () => {
    const s = createSession(ZH, {}, 'agent', 0);
    const base =
      '您好，关于您咨询的这款理财产品，业绩比较基准是年化3%，不代表实际收益，产品不保本。';
    const drafts = Array.from({ length: 100 }, (_, i) =>
      (base.repeat(5) + i).slice(i % 20, (i % 20) + 200),
    );
    checkDraft(s, drafts[0]!, ZH);
    const p = drafts.map((d) => {
      const runs = [0, 1, 2, 3, 4].map(() => {
        const t = performance.now();
        checkDraft(s, d, ZH);
        return performance.now() - t;
      });
      return runs.sort((a, b) => a - b)[2]!;
    });
    p.sort((a, b) => a - b);
    expect(p[94]!).toBeLessThan(1);
  });
});

describe('session: what the agent put into the CRM', () => {
  it('remembers each script or article once, in the order first used', () => {
    const packs = [shippedPack('sop', 'zh-CN')];
    let s = createSession(packs, { caseId: 'U1' }, 'agent', 0);
    s = noteUsed(s, { kind: 'article', id: 'a1', title: '信用卡挂失' });
    s = noteUsed(s, { kind: 'script', id: 's1', title: '结束语' });
    s = noteUsed(s, { kind: 'article', id: 'a1', title: '信用卡挂失' });
    expect(s.used).toEqual([
      { kind: 'article', id: 'a1', title: '信用卡挂失' },
      { kind: 'script', id: 's1', title: '结束语' },
    ]);
    // Plain JSON: it survives the session store.
    expect(JSON.parse(JSON.stringify(s)).used).toEqual(s.used);
  });
});
