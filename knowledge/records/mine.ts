/**
 * The agent's own QA scores, as the sidebar shows them: the scored records of one agent,
 * newest first, and what each case lost point by point. Pure.
 */
import type { CaseRecord } from './records.ts';
import type { CaseScore, ItemScore } from './scorecard.ts';

/** How many recent scored cases the sidebar asks for unless told otherwise, and at most. */
export const MY_SCORES_DEFAULT = 20;
export const MY_SCORES_MAX = 200;

/** A requested count made safe: a whole number between 1 and MY_SCORES_MAX, else the default. */
export function scoresLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 1) return MY_SCORES_DEFAULT;
  return Math.min(Math.floor(limit), MY_SCORES_MAX);
}

/**
 * The scored records of an agent (all scored records when no agent id is set), newest end
 * first, at most `limit` of them.
 */
export function myScoredRecords(
  records: readonly CaseRecord[],
  agentId: string | undefined,
  limit: number = MY_SCORES_DEFAULT,
): CaseRecord[] {
  const me = agentId?.trim() ?? '';
  return records
    .filter((r) => r.score && (me === '' || r.agentId === me))
    .sort((a, b) => b.endedAt - a.endedAt)
    .slice(0, scoresLimit(limit));
}

/** The applicable items that did not earn their full points, with the points they lost. */
export function lostItems(score: CaseScore): (ItemScore & { lost: number })[] {
  return score.items
    .filter((i) => i.applies && i.points < i.max)
    .map((i) => ({ ...i, lost: i.max - i.points }));
}
