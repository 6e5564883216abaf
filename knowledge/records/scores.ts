/**
 * The team lead's score report over case records: the distribution of QA scores (after review)
 * for the whole set, per agent and per team, and the pass rate of every scorecard item. It
 * takes the same filters as the compliance report.
 */
import { filterRecords, type RecordFilter } from './report.ts';
import type { CaseRecord } from './records.ts';
import { adjustedScore } from './scorecard.ts';

/** The score bands of the distribution, lowest first; both bounds inclusive. */
export const SCORE_BUCKETS = [
  { id: '0-59', min: 0, max: 59 },
  { id: '60-79', min: 60, max: 79 },
  { id: '80-89', min: 80, max: 89 },
  { id: '90-100', min: 90, max: 100 },
] as const;

export interface ScoreTally {
  /** Cases kept by the filter, and those of them with a score. */
  cases: number;
  scored: number;
  /** Mean adjusted score of the scored cases (0 when none). */
  mean: number;
  /** Scored cases per band, in the order of SCORE_BUCKETS. */
  buckets: number[];
  /** Cases zeroed by a failed critical item. */
  zeroed: number;
  /** Cases marked for coaching. */
  coaching: number;
  /** Cases whose score the agent disputed. */
  disputed: number;
}

export interface ItemTally {
  item: string;
  title: string;
  critical: boolean;
  /** Cases the item applied to, and those that passed it. */
  applicable: number;
  passed: number;
  /** passed / applicable (1 when it never applied). */
  rate: number;
}

export interface ScoreReport {
  total: ScoreTally;
  byAgent: (ScoreTally & { agent: string })[];
  byTeam: (ScoreTally & { team: string })[];
  byItem: ItemTally[];
}

const empty = (): ScoreTally & { sum: number } => ({
  cases: 0,
  scored: 0,
  mean: 0,
  buckets: SCORE_BUCKETS.map(() => 0),
  zeroed: 0,
  coaching: 0,
  disputed: 0,
  sum: 0,
});

/** The index in SCORE_BUCKETS of a score. */
export function bucketOf(score: number): number {
  const s = Math.min(Math.max(Math.round(score), 0), 100);
  return SCORE_BUCKETS.findIndex((b) => s >= b.min && s <= b.max);
}

/** Builds the score report of the records a filter keeps, on their adjusted scores. */
export function scoreReport(
  records: readonly CaseRecord[],
  filter: RecordFilter = {},
): ScoreReport {
  const total = empty();
  const agents = new Map<string, ReturnType<typeof empty>>();
  const teams = new Map<string, ReturnType<typeof empty>>();
  const items = new Map<string, ItemTally>();
  const get = (m: Map<string, ReturnType<typeof empty>>, k: string) => {
    let t = m.get(k);
    if (!t) m.set(k, (t = empty()));
    return t;
  };
  for (const r of filterRecords(records, filter)) {
    const score = adjustedScore(r);
    for (const t of [total, get(agents, r.agentId), get(teams, r.team ?? '')]) {
      t.cases++;
      if (r.review?.coaching) t.coaching++;
      if (r.acknowledgement?.state === 'disputed') t.disputed++;
      if (!score) continue;
      t.scored++;
      t.sum += score.score;
      t.buckets[bucketOf(score.score)]!++;
      if (score.zeroedBy) t.zeroed++;
    }
    for (const i of score?.items ?? []) {
      let it = items.get(i.id);
      if (!it)
        items.set(
          i.id,
          (it = {
            item: i.id,
            title: i.title,
            critical: i.critical === true,
            applicable: 0,
            passed: 0,
            rate: 1,
          }),
        );
      if (!i.applies) continue;
      it.applicable++;
      if (i.passed) it.passed++;
    }
  }
  const done = ({ sum, ...t }: ReturnType<typeof empty>): ScoreTally => ({
    ...t,
    mean: t.scored === 0 ? 0 : Math.round((sum / t.scored) * 10) / 10,
  });
  return {
    total: done(total),
    byAgent: [...agents]
      .map(([agent, t]) => ({ agent, ...done(t) }))
      .sort((a, b) => a.agent.localeCompare(b.agent)),
    byTeam: [...teams]
      .map(([team, t]) => ({ team, ...done(t) }))
      .sort((a, b) => a.team.localeCompare(b.team)),
    byItem: [...items.values()].map((it) => ({
      ...it,
      rate: it.applicable === 0 ? 1 : it.passed / it.applicable,
    })),
  };
}
