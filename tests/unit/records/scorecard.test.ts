import { describe, expect, it } from 'vitest';
import type { Scorecard } from '../../../knowledge/authoring/pack-scorecard.ts';
import {
  acknowledge,
  adjustedScore,
  adjustItem,
  markCoaching,
  scoreRecord,
} from '../../../knowledge/records/scorecard.ts';
import { RECORD_VERSION, type CaseRecord } from '../../../knowledge/records/records.ts';
import {
  recordsFromCsv,
  recordsFromJson,
  recordsToCsv,
  recordsToJson,
} from '../../../knowledge/records/io.ts';
import { SCORE_COLUMNS, scoreCells } from '../../../knowledge/records/io-score.ts';
import { bucketOf, scoreReport } from '../../../knowledge/records/scores.ts';

const CARD: Scorecard = {
  id: 'qa',
  title: '质检评分表',
  items: [
    { id: 'greet', title: '开场问候', weight: 10, check: { step: 'greet' } },
    {
      id: 'verify',
      title: '核实身份',
      weight: 20,
      check: { step: 'verify_identity' },
      critical: true,
    },
    {
      id: 'no_cred',
      title: '不索要密码',
      weight: 20,
      check: { noAlert: 'credential_request' },
      critical: true,
    },
    {
      id: 'no_promise',
      title: '不越权承诺',
      weight: 10,
      check: { noAlert: 'unauthorised_promise' },
    },
    {
      id: 'soothe',
      title: '投诉安抚',
      weight: 10,
      check: { step: 'complaint_soothe' },
      caseTypes: ['complaint'],
    },
    { id: 'sla', title: '首次响应及时', weight: 10, check: { sla: true } },
    { id: 'referral', title: '转介完整', weight: 10, check: { referralComplete: true } },
    { id: 'summary', title: '服务小结 | 必填', weight: 10, check: { summaryFilled: true } },
  ],
};

const T0 = Date.UTC(2026, 10, 30, 1, 0, 0);

function rec(over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    v: RECORD_VERSION,
    caseId: 'GD1',
    agentId: 'A1',
    team: 'T1',
    channel: 'chat',
    caseType: 'inquiry',
    role: 'agent',
    startedAt: T0,
    endedAt: T0 + 60_000,
    steps: [
      { id: 'greet', done: true, how: 'auto', at: T0 + 1000 },
      { id: 'record', done: true, how: 'manual', at: T0 + 50_000, by: 'A1' },
    ],
    alerts: [],
    sla: { state: 'met', dueAt: T0 + 30_000, repliedAt: T0 + 1000 },
    ...over,
  };
}

const item = (r: CaseRecord, id: string) => scoreRecord(r, CARD).items.find((i) => i.id === id)!;

describe('scoring a record on a scorecard', () => {
  it('scores over the applicable items only', () => {
    const s = scoreRecord(rec(), CARD);
    // greet, no_cred, no_promise, sla, summary apply (60 points), all passed.
    expect(s).toMatchObject({ scorecardId: 'qa', score: 100 });
    expect(s.zeroedBy).toBeUndefined();
    expect(s.items.filter((i) => i.applies).map((i) => i.id)).toEqual([
      'greet',
      'no_cred',
      'no_promise',
      'sla',
      'summary',
    ]);
    const missed = scoreRecord(
      rec({
        steps: [
          { id: 'greet', done: false },
          { id: 'record', done: true },
        ],
      }),
      CARD,
    );
    expect(missed.score).toBe(Math.round((50 / 60) * 100));
    expect(missed.items[0]).toEqual({
      id: 'greet',
      title: '开场问候',
      applies: true,
      passed: false,
      points: 0,
      max: 10,
    });
  });

  it('a step that did not apply to the case leaves its item out', () => {
    expect(item(rec(), 'verify')).toMatchObject({ applies: false, points: 0, critical: true });
  });

  it('an optional item for complaints does not count on an inquiry', () => {
    expect(item(rec(), 'soothe').applies).toBe(false);
    const complaint = rec({
      caseType: 'complaint',
      steps: [...rec().steps, { id: 'complaint_soothe', done: false }],
    });
    expect(item(complaint, 'soothe')).toMatchObject({ applies: true, passed: false });
    expect(scoreRecord(complaint, CARD).score).toBe(Math.round((60 / 70) * 100));
    // A complaint whose soothing step did not apply still leaves the item out.
    expect(item(rec({ caseType: 'complaint' }), 'soothe').applies).toBe(false);
  });

  it('a critical failure zeroes the whole score', () => {
    const alert = {
      ruleId: 'r1',
      kind: 'credential_request' as const,
      severity: 'critical' as const,
      match: '验证码',
      at: T0 + 2000,
    };
    const s = scoreRecord(rec({ alerts: [alert] }), CARD);
    expect(s.score).toBe(0);
    expect(s.zeroedBy).toBe('no_cred');
    const unverified = scoreRecord(
      rec({ steps: [...rec().steps, { id: 'verify_identity', done: false }] }),
      CARD,
    );
    expect(unverified).toMatchObject({ score: 0, zeroedBy: 'verify' });
    // An overridden alert does not count against the agent.
    const overridden = { ...alert, override: { reason: '客户自述', at: T0 + 3000 } };
    expect(scoreRecord(rec({ alerts: [overridden] }), CARD).score).toBe(100);
  });

  it('the SLA item applies to timed cases and passes only when met', () => {
    expect(item(rec({ sla: undefined }), 'sla').applies).toBe(false);
    expect(item(rec({ sla: { state: 'breached', dueAt: T0 } }), 'sla')).toMatchObject({
      applies: true,
      passed: false,
    });
  });

  it('the referral item concerns cases with a referral, and needs its notice and no alert', () => {
    expect(item(rec(), 'referral').applies).toBe(false);
    const withNotice = (done: boolean) =>
      rec({ steps: [...rec().steps, { id: 'referral_notice', done }] });
    expect(item(withNotice(true), 'referral')).toMatchObject({ applies: true, passed: true });
    expect(item(withNotice(false), 'referral').passed).toBe(false);
    const flagged = rec({
      alerts: [{ ruleId: 'ref', kind: 'incomplete_referral', severity: 'high', match: '', at: T0 }],
    });
    expect(item(flagged, 'referral')).toMatchObject({ applies: true, passed: false });
  });

  it('the summary item needs the record step done', () => {
    const s = rec({
      steps: [
        { id: 'greet', done: true },
        { id: 'record', done: false },
      ],
    });
    expect(item(s, 'summary')).toMatchObject({ applies: true, passed: false });
    expect(item(rec({ steps: [] }), 'summary').applies).toBe(false);
  });

  it('gives 100 when nothing applies', () => {
    const card: Scorecard = { id: 'x', title: 'x', items: [CARD.items[4]!] };
    expect(scoreRecord(rec(), card).score).toBe(100);
  });
});

describe('review and acknowledgement', () => {
  const scored = (r: CaseRecord) => ({ ...r, score: scoreRecord(r, CARD) });

  it('an adjustment with a reason changes the adjusted score, not the built one', () => {
    const r = scored(
      rec({
        steps: [
          { id: 'greet', done: false },
          { id: 'record', done: true },
        ],
      }),
    );
    expect(adjustedScore(r)?.score).toBe(83);
    const a = adjustItem(r, {
      itemId: 'greet',
      points: 10,
      reason: '录音中有问候，识别遗漏',
      by: 'L1',
      at: T0 + 86_400_000,
    });
    expect(a.score?.score).toBe(83);
    expect(adjustedScore(a)).toMatchObject({ score: 100 });
    expect(adjustedScore(a)?.items[0]).toMatchObject({ points: 10, passed: true });
    // The latest adjustment of an item wins.
    const b = adjustItem(a, { itemId: 'greet', points: 5, reason: '复核', at: T0 + 90_000_000 });
    expect(adjustedScore(b)?.score).toBe(Math.round((55 / 60) * 100));
    expect(b.review?.adjustments).toHaveLength(2);
  });

  it('raising a failed critical item to full points lifts the zeroing, lowering one zeroes', () => {
    const zeroed = scored(rec({ steps: [...rec().steps, { id: 'verify_identity', done: false }] }));
    expect(adjustedScore(zeroed)?.score).toBe(0);
    const lifted = adjustItem(zeroed, {
      itemId: 'verify',
      points: 20,
      reason: '已在电话中核身',
      at: T0,
    });
    expect(adjustedScore(lifted)).toMatchObject({ score: 100 });
    expect(adjustedScore(lifted)?.zeroedBy).toBeUndefined();
    const lowered = adjustItem(scored(rec()), {
      itemId: 'no_cred',
      points: 10,
      reason: '变相索要',
      at: T0,
    });
    expect(adjustedScore(lowered)).toMatchObject({ score: 0, zeroedBy: 'no_cred' });
  });

  it('refuses an adjustment without a reason, out of range, or on an item that does not apply', () => {
    const r = scored(rec());
    expect(() => adjustItem(r, { itemId: 'greet', points: 5, reason: '  ', at: T0 })).toThrow(
      /reason/,
    );
    expect(() => adjustItem(r, { itemId: 'greet', points: 11, reason: 'x', at: T0 })).toThrow(
      /between/,
    );
    expect(() => adjustItem(r, { itemId: 'soothe', points: 0, reason: 'x', at: T0 })).toThrow(
      /apply/,
    );
    expect(() => adjustItem(rec(), { itemId: 'greet', points: 0, reason: 'x', at: T0 })).toThrow();
    expect(adjustedScore(rec())).toBeUndefined();
  });

  it('masks customer data in reasons', () => {
    const r = adjustItem(scored(rec()), {
      itemId: 'greet',
      points: 0,
      reason: '客户手机13812345678',
      at: T0,
    });
    expect(r.review?.adjustments[0]?.reason).toBe('客户手机****5678');
  });

  it('marks a case for coaching with a reason, keeping its adjustments', () => {
    const a = adjustItem(scored(rec()), { itemId: 'greet', points: 0, reason: '未问候', at: T0 });
    const c = markCoaching(a, '开场话术需加强', T0 + 1, 'L1');
    expect(c.review).toEqual({
      adjustments: a.review!.adjustments,
      coaching: { reason: '开场话术需加强', at: T0 + 1, by: 'L1' },
    });
    expect(() => markCoaching(a, '', T0)).toThrow(/reason/);
  });

  it('acknowledges, or disputes with a reason', () => {
    expect(acknowledge(rec(), 'acknowledged', undefined, T0).acknowledgement).toEqual({
      state: 'acknowledged',
      at: T0,
    });
    expect(acknowledge(rec(), 'disputed', '已核身', T0).acknowledgement).toEqual({
      state: 'disputed',
      reason: '已核身',
      at: T0,
    });
    expect(() => acknowledge(rec(), 'disputed', ' ', T0)).toThrow(/reason/);
  });
});

describe('export and import of scores', () => {
  const full = (): CaseRecord => {
    let r: CaseRecord = { ...rec(), score: scoreRecord(rec(), CARD) };
    r = adjustItem(r, {
      itemId: 'greet',
      points: 4,
      reason: '问候不完整 | 缺工号',
      by: 'L1',
      at: T0 + 5000,
    });
    r = markCoaching(r, '=开场话术', T0 + 6000, 'L1');
    return acknowledge(r, 'disputed', '我已报工号', T0 + 7000);
  };

  it('round-trips score, items, review and acknowledgement through CSV', () => {
    const r = full();
    const csv = recordsToCsv([r, rec()]);
    const header = csv.slice(1).split('\r\n')[0]!;
    for (const c of SCORE_COLUMNS) expect(header.split(',')).toContain(c);
    // The adjusted score is exported beside the built one.
    expect(scoreCells(r).slice(1, 3)).toEqual([100, 90]);
    expect(csv).toContain('问候不完整 | 缺工号');
    const back = recordsFromCsv(csv);
    expect(back.refused).toEqual([]);
    expect(back.records[0]).toEqual(r);
    expect(back.records[1]?.score).toBeUndefined();
    expect(back.records[1]?.review).toBeUndefined();
  });

  it('round-trips through JSON, and refuses a malformed score', () => {
    const r = full();
    expect(recordsFromJson(recordsToJson([r])).records[0]).toEqual(r);
    const bad = recordsFromJson(JSON.stringify([{ ...r, score: { score: 'high' } }]));
    expect(bad.refused[0]?.reason).toMatch(/^score:/);
    const badReview = recordsFromJson(JSON.stringify([{ ...r, review: { adjustments: [{}] } }]));
    expect(badReview.refused[0]?.reason).toMatch(/^review\.adjustments\[0\]/);
  });

  it('masks again the reasons of an imported file', () => {
    const r = full();
    r.review!.adjustments[0]!.reason = '客户身份证110105194912310021';
    const back = recordsFromJson(recordsToJson([r])).records[0]!;
    expect(back.review?.adjustments[0]?.reason).toBe('客户身份证****0021');
  });
});

describe('score report', () => {
  const make = (
    agentId: string,
    team: string,
    score: CaseRecord['steps'],
    caseType = 'inquiry',
  ) => {
    const r = rec({ agentId, team, steps: score, caseType, caseId: `${agentId}-${score.length}` });
    return { ...r, score: scoreRecord(r, CARD) };
  };
  const ok = [
    { id: 'greet', done: true },
    { id: 'record', done: true },
  ];
  const noGreet = [
    { id: 'greet', done: false },
    { id: 'record', done: true },
  ];
  const zeroed = [...ok, { id: 'verify_identity', done: false }];
  const records = [
    make('A1', 'T1', ok),
    make('A1', 'T1', noGreet),
    make('A2', 'T2', zeroed),
    { ...rec({ agentId: 'A2', team: 'T2' }) },
  ];

  it('bands scores 0–59, 60–79, 80–89, 90–100', () => {
    expect([0, 59, 60, 79, 80, 89, 90, 100].map(bucketOf)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('distributes scores per agent and per team, and counts zeroed and unscored cases', () => {
    const rep = scoreReport(records);
    expect(rep.total).toMatchObject({ cases: 4, scored: 3, zeroed: 1, buckets: [1, 0, 1, 1] });
    expect(rep.total.mean).toBe(Math.round(((100 + 83 + 0) / 3) * 10) / 10);
    expect(rep.byAgent.map((a) => [a.agent, a.scored, a.buckets])).toEqual([
      ['A1', 2, [0, 0, 1, 1]],
      ['A2', 1, [1, 0, 0, 0]],
    ]);
    expect(rep.byTeam.map((t) => [t.team, t.cases])).toEqual([
      ['T1', 2],
      ['T2', 2],
    ]);
  });

  it('gives the pass rate of every item over the cases it applied to', () => {
    const rep = scoreReport(records);
    const greet = rep.byItem.find((i) => i.item === 'greet')!;
    expect(greet).toMatchObject({ applicable: 3, passed: 2, title: '开场问候' });
    expect(greet.rate).toBeCloseTo(2 / 3);
    expect(rep.byItem.find((i) => i.item === 'verify')).toMatchObject({
      applicable: 1,
      passed: 0,
      rate: 0,
      critical: true,
    });
    expect(rep.byItem.find((i) => i.item === 'soothe')).toMatchObject({ applicable: 0, rate: 1 });
  });

  it('takes the compliance report filters, and counts adjusted scores and coaching', () => {
    expect(scoreReport(records, { agents: ['A2'] }).total).toMatchObject({ cases: 2, scored: 1 });
    expect(scoreReport(records, { teams: ['T1'] }).byAgent.map((a) => a.agent)).toEqual(['A1']);
    const adjusted = markCoaching(
      adjustItem(records[1]!, { itemId: 'greet', points: 10, reason: '识别遗漏', at: T0 }),
      '复盘',
      T0,
    );
    const rep = scoreReport([adjusted]);
    expect(rep.total).toMatchObject({ mean: 100, buckets: [0, 0, 0, 1], coaching: 1 });
    expect(rep.byItem.find((i) => i.item === 'greet')?.passed).toBe(1);
  });

  it('counts the cases whose score the agent disputed', () => {
    const disputed = acknowledge(records[0]!, 'disputed', '已问候', T0);
    const accepted = acknowledge(records[1]!, 'acknowledged', undefined, T0);
    const rep = scoreReport([disputed, accepted, records[2]!]);
    expect(rep.total.disputed).toBe(1);
    expect(rep.byAgent.find((a) => a.agent === disputed.agentId)?.disputed).toBe(1);
  });
});
