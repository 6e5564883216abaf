import { describe, expect, it } from 'vitest';
import type { Scorecard } from '../../../knowledge/authoring/pack-scorecard.ts';
import {
  MY_SCORES_DEFAULT,
  MY_SCORES_MAX,
  lostItems,
  myScoredRecords,
  scoresLimit,
} from '../../../knowledge/records/mine.ts';
import type { CaseRecord } from '../../../knowledge/records/records.ts';
import { adjustItem, adjustedScore, scoreRecord } from '../../../knowledge/records/scorecard.ts';

const CARD: Scorecard = {
  id: 'qa',
  title: '质检评分表',
  items: [
    { id: 'greet', title: '开场问候', weight: 10, check: { step: 'greet' } },
    { id: 'verify', title: '核实身份', weight: 20, check: { step: 'verify_identity' } },
    { id: 'farewell', title: '结束语', weight: 10, check: { step: 'farewell' } },
  ],
};

const T0 = Date.UTC(2026, 10, 20, 2);

function make(caseId: string, agentId: string, endedAt: number, scored = true): CaseRecord {
  const r: CaseRecord = {
    v: 1,
    caseId,
    agentId,
    channel: 'chat',
    caseType: 'inquiry',
    role: 'agent',
    startedAt: endedAt - 60_000,
    endedAt,
    steps: [
      { id: 'greet', done: false },
      { id: 'farewell', done: true },
    ],
    alerts: [],
  };
  return scored ? { ...r, score: scoreRecord(r, CARD) } : r;
}

describe("the agent's own scores", () => {
  const records = [
    make('c1', 'A1', T0),
    make('c2', 'A2', T0 + 1_000),
    make('c3', 'A1', T0 + 2_000, false),
    make('c4', 'A1', T0 + 3_000),
  ];

  it("keeps the agent's scored cases, newest end first", () => {
    expect(myScoredRecords(records, 'A1').map((r) => r.caseId)).toEqual(['c4', 'c1']);
    expect(myScoredRecords(records, ' A2 ').map((r) => r.caseId)).toEqual(['c2']);
  });

  it('keeps every scored case when no agent id is set', () => {
    expect(myScoredRecords(records, '').map((r) => r.caseId)).toEqual(['c4', 'c2', 'c1']);
    expect(myScoredRecords(records, undefined).map((r) => r.caseId)).toEqual(['c4', 'c2', 'c1']);
  });

  it('stops at the limit; a limit that makes no sense is the default', () => {
    expect(myScoredRecords(records, '', 1).map((r) => r.caseId)).toEqual(['c4']);
    expect(scoresLimit(undefined)).toBe(MY_SCORES_DEFAULT);
    expect(scoresLimit(0)).toBe(MY_SCORES_DEFAULT);
    expect(scoresLimit(Number.NaN)).toBe(MY_SCORES_DEFAULT);
    expect(scoresLimit('5')).toBe(MY_SCORES_DEFAULT);
    expect(scoresLimit(2.7)).toBe(2);
    expect(scoresLimit(10_000)).toBe(MY_SCORES_MAX);
  });

  it('names the items that lost points, and not those that do not apply', () => {
    const r = make('c1', 'A1', T0);
    expect(lostItems(r.score!).map((i) => [i.id, i.lost])).toEqual([['greet', 10]]);
    const reviewed = adjustItem(r, { itemId: 'greet', points: 6, reason: '部分问候', at: T0 });
    expect(lostItems(adjustedScore(reviewed)!).map((i) => [i.title, i.lost])).toEqual([
      ['开场问候', 4],
    ]);
  });
});
