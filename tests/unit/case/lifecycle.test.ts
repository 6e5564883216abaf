import { describe, expect, it } from 'vitest';
import { shippedPack } from '../../support/shipped-packs.ts';
import {
  type FrameReport,
  closeCase,
  draftChanged,
  endTabCase,
  overrideInTab,
  reportFrame,
  tickInTab,
} from '../../../knowledge/case/lifecycle.ts';
import type { TabState } from '../../../knowledge/case/tab.ts';
import type { FrameReading } from '../../../knowledge/crm/reader.ts';
import type { Locale, Turn } from '../../../knowledge/types.ts';

const ZH = [shippedPack('sop', 'zh-CN')];
const EN = [shippedPack('sop', 'en')];
const packs = (locale: Locale) => (locale === 'en' ? EN : ZH);

const HELLO: Turn = { speaker: 'customer', text: '你好，我想咨询理财产品' };
const GREET: Turn = { speaker: 'agent', text: '您好，我是XX银行客服代表，工号8012。' };
const PROMISE = '这款产品零风险。';

const reading = (o: {
  caseId?: string;
  transcript?: Turn[];
  notes?: string;
  hasReply?: boolean;
}): FrameReading => ({
  fields: o.caseId === undefined ? {} : { caseId: { value: o.caseId, status: 'ok' } },
  hasReply: o.hasReply ?? false,
  ...(o.transcript ? { transcript: o.transcript } : {}),
  ...(o.notes !== undefined ? { notes: o.notes } : {}),
});

const report = (r: FrameReading, now: number, more: Partial<FrameReport> = {}): FrameReport => ({
  tabId: 7,
  frameId: 0,
  url: 'http://crm.test/case',
  tabUrl: 'http://crm.test/case',
  reading: r,
  profile: { id: 'demo-spa', name: 'SPA CRM' },
  locale: 'zh-CN',
  role: '',
  now,
  packs,
  ...more,
});

/** Folds reports one after the other, as the tab queue does. */
const fold = (prev: TabState | null, ...reports: FrameReport[]): TabState =>
  reports.reduce<TabState | null>((s, r) => reportFrame(s, r).state, prev)!;

describe('a frame report opens, follows and swaps the tab case', () => {
  it('opens a new case on the first report', () => {
    const r = reportFrame(null, report(reading({ caseId: 'A', transcript: [HELLO] }), 100));
    expect(r.ended).toBeUndefined();
    expect(r.seen).toEqual({ turns: [HELLO], from: 0 });
    expect(r.state).toMatchObject({
      tabId: 7,
      profileId: 'demo-spa',
      profileName: 'SPA CRM',
      context: { caseId: 'A' },
      turns: [{ ...HELLO, at: 100 }],
      locale: 'zh-CN',
      draft: '',
      draftAlerts: [],
      startedAt: 100,
      updatedAt: 100,
      parked: [],
    });
    expect(r.state.session).toMatchObject({ role: 'agent', startedAt: 100 });
    expect(r.state.session.turns).toHaveLength(1);
  });

  it('goes on with the same case when another frame reports', () => {
    const first = fold(null, report(reading({ caseId: 'A', transcript: [HELLO] }), 100));
    const r = reportFrame(first, report(reading({ hasReply: true }), 200, { frameId: 3 }));
    expect(r.ended).toBeUndefined();
    expect(r.seen).toBeUndefined();
    expect(r.state.session).toBe(first.session);
    expect(r.state).toMatchObject({ context: { caseId: 'A' }, hasReply: true, startedAt: 100 });
    expect(Object.keys(r.state.frames).sort()).toEqual(['0', '3']);
    // The same case id from one more frame is still the same case.
    const again = reportFrame(r.state, report(reading({ caseId: 'A' }), 300, { frameId: 5 }));
    expect(again.ended).toBeUndefined();
    expect(again.state.session).toBe(first.session);
  });

  it('adds no turns when the CRM re-renders the same transcript', () => {
    const first = fold(null, report(reading({ caseId: 'A', transcript: [HELLO, GREET] }), 100));
    const r = reportFrame(first, report(reading({ caseId: 'A', transcript: [HELLO, GREET] }), 200));
    expect(r.seen).toBeUndefined();
    expect(r.state.turns).toEqual(first.turns);
    expect(r.state.session.turns).toHaveLength(2);
  });

  it('parks the case left for another and returns it closed, to be recorded', () => {
    const a = fold(null, report(reading({ caseId: 'A', transcript: [HELLO, GREET] }), 100));
    const r = reportFrame(a, report(reading({ caseId: 'B', transcript: [] }), 500));
    expect(r.ended).toMatchObject({ context: { caseId: 'A' }, session: { endedAt: 500 } });
    expect(r.ended?.turns).toEqual(a.turns);
    expect(r.state).toMatchObject({ context: { caseId: 'B' }, turns: [], startedAt: 500 });
    expect(r.state.session.endedAt).toBeUndefined();
    expect(r.state.parked?.map((p) => p.caseId)).toEqual(['A']);
    expect(r.state.parked?.[0]?.session).toBe(a.session);
  });

  it('resumes the parked session, with its ticks and turns, on coming back', () => {
    let a = fold(null, report(reading({ caseId: 'A', transcript: [HELLO] }), 100));
    a = tickInTab(a, 'verify_identity', true, 'A7', 150);
    const b = reportFrame(a, report(reading({ caseId: 'B', transcript: [] }), 500)).state;
    const back = reportFrame(b, report(reading({ caseId: 'A', transcript: [HELLO] }), 900));
    expect(back.ended).toMatchObject({ context: { caseId: 'B' } });
    expect(back.seen).toBeUndefined();
    expect(back.state.session).toBe(a.session);
    expect(back.state.session.steps.verify_identity).toMatchObject({ done: true, by: 'A7' });
    expect(back.state).toMatchObject({ turns: a.turns, startedAt: 100, locale: 'zh-CN' });
    expect(back.state.parked?.map((p) => p.caseId)).toEqual(['B']);
  });

  it('checks a draft typed before the case was read, once it is', () => {
    const r = reportFrame(
      null,
      report(reading({ caseId: 'A', transcript: [HELLO] }), 100, { pendingDraft: PROMISE }),
    );
    expect(r.state.draft).toBe(PROMISE);
    expect(r.state.draftAlerts.map((a) => a.kind)).toEqual(['misleading_claim']);
    expect(r.state.draftAlerts[0]?.id).toMatch(/^draft:/);
  });

  it('ticks steps from the notes', () => {
    const en = { locale: 'en' as const };
    const s = fold(
      null,
      report(reading({ caseId: 'A', transcript: [] }), 100, en),
      report(reading({ notes: 'Customer asked about CD rates; quoted 4.1% APY.' }), 200, en),
    );
    expect(s.notes).toBe('Customer asked about CD rates; quoted 4.1% APY.');
    expect(s.session.steps.record).toMatchObject({ done: true, how: 'auto' });
    expect(s.session.notes).toBe(s.notes);
  });

  it('carries an override of the draft onto the turn that sent it, and drops the draft', () => {
    const a = fold(null, report(reading({ caseId: 'A', transcript: [HELLO] }), 100));
    const typed = draftChanged(a, PROMISE, ZH, 200);
    const id = typed.draftAlerts[0]!.id;
    const dismissed = overrideInTab(typed, id, '客户引用宣传单原话', 'A1', 300).state;
    const sent = reportFrame(
      dismissed,
      report(
        reading({ caseId: 'A', transcript: [HELLO, { speaker: 'agent', text: PROMISE }] }),
        400,
      ),
    );
    expect(sent.state).toMatchObject({ draft: '', draftAlerts: [] });
    const onTurn = sent.state.session.alerts.filter((a) => a.turn === 1);
    // The draft's dismissal and the sent turn's own alert, both overridden with the same reason.
    expect(onTurn.map((a) => a.id.startsWith(`${a.ruleId}@1:`))).toEqual([false, true]);
    for (const alert of onTurn)
      expect(alert.override).toEqual({ reason: '客户引用宣传单原话', at: 300, by: 'A1' });
  });

  it('keeps a draft begun after the message sent', () => {
    const a = fold(null, report(reading({ caseId: 'A', transcript: [HELLO] }), 100));
    const typed = draftChanged(a, PROMISE, ZH, 200);
    const r = reportFrame(typed, report(reading({ caseId: 'A', transcript: [HELLO, GREET] }), 300));
    expect(r.state.draft).toBe(PROMISE);
    expect(r.state.draftAlerts).toEqual(typed.draftAlerts);
  });
});

describe('the reply draft', () => {
  const a = fold(null, report(reading({ caseId: 'A', transcript: [HELLO, GREET] }), 100));

  it('is checked as it changes', () => {
    const s = draftChanged(a, PROMISE, ZH, 200);
    expect(s).toMatchObject({ draft: PROMISE, updatedAt: 200 });
    expect(s.draftAlerts.map((x) => x.kind)).toEqual(['misleading_claim']);
    expect(draftChanged(s, '请稍等。', ZH, 300).draftAlerts).toEqual([]);
  });

  it('a check of what was just sent warns of nothing', () => {
    const s = draftChanged(a, ` ${GREET.text}\n`, ZH, 200);
    expect(s).toMatchObject({ draft: '', draftAlerts: [] });
  });

  it('a rule dismissed for the draft stays dismissed while the agent types on', () => {
    const typed = draftChanged(a, PROMISE, ZH, 200);
    const dismissed = overrideInTab(typed, typed.draftAlerts[0]!.id, '原话', 'A1', 300).state;
    expect(draftChanged(dismissed, `${PROMISE}请放心。`, ZH, 400).draftAlerts).toEqual([]);
  });
});

describe('overriding an alert', () => {
  const a = fold(null, report(reading({ caseId: 'A', transcript: [HELLO] }), 100));

  it('records a dismissed draft alert in the case and takes it off the draft', () => {
    const typed = draftChanged(a, PROMISE, ZH, 200);
    const alert = typed.draftAlerts[0]!;
    const r = overrideInTab(typed, alert.id, '客户引用宣传单原话', '', 300);
    expect(r.dismissedDraft).toBe(true);
    expect(r.state.draftAlerts).toEqual([]);
    expect(r.state.session.alerts).toEqual([
      { ...alert, turn: 1, at: 300, override: { reason: '客户引用宣传单原话', at: 300 } },
    ]);
  });

  it('keeps the reason with a sent turn’s alert', () => {
    const sent = fold(
      a,
      report(
        reading({ caseId: 'A', transcript: [HELLO, { speaker: 'agent', text: PROMISE }] }),
        200,
      ),
    );
    const id = sent.session.alerts[0]!.id;
    const r = overrideInTab(sent, id, '客户引用宣传单原话', 'A1', 300);
    expect(r.dismissedDraft).toBe(false);
    expect(r.state.session.alerts[0]?.override).toEqual({
      reason: '客户引用宣传单原话',
      at: 300,
      by: 'A1',
    });
  });
});

describe('ending the tab case', () => {
  it('closes the case for its record and goes on with a new session on the same page', () => {
    const a = draftChanged(
      fold(null, report(reading({ caseId: 'A', transcript: [HELLO, GREET] }), 100)),
      PROMISE,
      ZH,
      200,
    );
    const { state, ended } = endTabCase(a, ZH, 'supervisor', 500);
    expect(ended).toEqual(closeCase(a, ZH, 500));
    expect(ended.session).toMatchObject({ endedAt: 500 });
    expect(ended.session.turns).toHaveLength(2);
    expect(state).toMatchObject({ draft: '', draftAlerts: [], startedAt: 500, updatedAt: 500 });
    expect(state.turns).toEqual(a.turns);
    expect(state.session).toMatchObject({ role: 'supervisor', startedAt: 500, turns: [] });
    expect(state.session.endedAt).toBeUndefined();
  });
});
