/**
 * QA scoring of case records: the pack's scorecard applied to what a record holds, the team
 * lead's review (points adjusted with a reason, a case marked for coaching) and the agent's
 * acknowledgement or dispute. Pure: every function returns a new record or score.
 */
import { maskText } from './mask.ts';
import type { Scorecard, ScorecardItem } from '../authoring/pack-scorecard.ts';
import type { AlertKind } from '../types.ts';
import type { CaseRecord } from './records.ts';

/** One item's result on one case. */
export interface ItemScore {
  id: string;
  title: string;
  /** False when the item does not concern the case (its step or case type did not apply). */
  applies: boolean;
  passed: boolean;
  /** Points earned (0 when the item does not apply or failed). */
  points: number;
  /** The item's weight. */
  max: number;
  critical?: boolean;
}

/** A case's score on one scorecard. */
export interface CaseScore {
  scorecardId: string;
  /** 0–100, rounded, over the applicable items only (100 when none applied). */
  score: number;
  items: ItemScore[];
  /** The critical item whose failure zeroed the score. */
  zeroedBy?: string;
}

/** A reviewer's change of one item's points, with why. */
export interface ScoreAdjustment {
  itemId: string;
  /** The item's points after review, between 0 and its weight. */
  points: number;
  reason: string;
  by?: string;
  at: number;
}

/** The team lead's review of a scored case. */
export interface CaseReview {
  adjustments: ScoreAdjustment[];
  coaching?: { reason: string; by?: string; at: number };
}

/** The agent's answer to the score: accepted, or disputed with a reason. */
export interface Acknowledgement {
  state: 'acknowledged' | 'disputed';
  reason?: string;
  at: number;
}

type Scored = Pick<CaseRecord, 'caseType' | 'steps' | 'alerts' | 'sla'>;

// An overridden alert was judged by the agent and left a reason for review: it does not count.
const standing = (r: Scored, kind: AlertKind): boolean =>
  r.alerts.some((a) => a.kind === kind && !a.override);

/** Whether an item concerns the case, and whether the case passed it. */
function judge(r: Scored, it: ScorecardItem): { applies: boolean; passed: boolean } {
  if (it.caseTypes && it.caseTypes.length > 0 && !it.caseTypes.includes(r.caseType))
    return { applies: false, passed: false };
  const c = it.check;
  const step = (id: string) => r.steps.find((s) => s.id === id);
  if ('step' in c || 'summaryFilled' in c) {
    const s = step('step' in c ? c.step : 'record');
    return { applies: s !== undefined, passed: s?.done === true };
  }
  if ('noAlert' in c) return { applies: true, passed: !standing(r, c.noAlert) };
  if ('sla' in c) return { applies: r.sla !== undefined, passed: r.sla?.state === 'met' };
  // A referral item concerns only cases where a referral came up: its notice applied or the
  // guard saw one left incomplete. Other cases would earn its points for nothing.
  const notice = step('referral_notice');
  const flagged = r.alerts.some((a) => a.kind === 'incomplete_referral');
  return {
    applies: notice !== undefined || flagged,
    passed: !standing(r, 'incomplete_referral') && (notice === undefined || notice.done),
  };
}

/** Totals item results into a score; a failed critical item that applied zeroes it. */
function total(scorecardId: string, items: ItemScore[]): CaseScore {
  let max = 0;
  let points = 0;
  for (const i of items)
    if (i.applies) {
      max += i.max;
      points += i.points;
    }
  const zero = items.find((i) => i.applies && i.critical && !i.passed);
  const score: CaseScore = {
    scorecardId,
    score: zero ? 0 : max === 0 ? 100 : Math.round((points / max) * 100),
    items,
  };
  if (zero) score.zeroedBy = zero.id;
  return score;
}

/** Scores a record on a scorecard, item by item. */
export function scoreRecord(record: Scored, card: Scorecard): CaseScore {
  const items = card.items.map((it): ItemScore => {
    const { applies, passed } = judge(record, it);
    const r: ItemScore = {
      id: it.id,
      title: it.title,
      applies,
      // An item that does not concern the case is not passed either: its rate counts cases it applied to.
      passed: applies && passed,
      points: applies && passed ? it.weight : 0,
      max: it.weight,
    };
    if (it.critical) r.critical = true;
    return r;
  });
  return total(card.id, items);
}

/**
 * The record's score after the team lead's adjustments (the latest one per item wins): an
 * adjusted item passes when it keeps its full points, so raising a critical item to full lifts
 * the zeroing. Undefined for a record that was never scored.
 */
export function adjustedScore(record: Pick<CaseRecord, 'score' | 'review'>): CaseScore | undefined {
  const score = record.score;
  if (!score) return undefined;
  const adjustments = record.review?.adjustments ?? [];
  if (adjustments.length === 0) return score;
  const latest = new Map<string, ScoreAdjustment>();
  for (const a of [...adjustments].sort((x, y) => x.at - y.at)) latest.set(a.itemId, a);
  const items = score.items.map((i): ItemScore => {
    const a = latest.get(i.id);
    if (!a || !i.applies) return i;
    const points = Math.min(Math.max(a.points, 0), i.max);
    return { ...i, points, passed: points >= i.max };
  });
  return total(score.scorecardId, items);
}

// Reasons are typed by people and may name the customer: masked like the rest of the record.
const masked = (r: CaseRecord, s: string): string => maskText(s.trim(), { keep: [r.caseId] });

/**
 * Adds a reviewer's adjustment of one applicable item's points (a reason is required). Throws
 * when the record has no score, the item is unknown or does not apply, or the reason is empty.
 */
export function adjustItem(record: CaseRecord, adjustment: ScoreAdjustment): CaseRecord {
  const item = record.score?.items.find((i) => i.id === adjustment.itemId);
  if (!item) throw new RangeError(`no scored item "${adjustment.itemId}"`);
  if (!item.applies) throw new RangeError(`item "${item.id}" does not apply to this case`);
  if (!adjustment.reason.trim()) throw new RangeError('an adjustment needs a reason');
  if (!Number.isFinite(adjustment.points) || adjustment.points < 0 || adjustment.points > item.max)
    throw new RangeError(`points must be between 0 and ${item.max}`);
  const a: ScoreAdjustment = {
    itemId: item.id,
    points: adjustment.points,
    reason: masked(record, adjustment.reason),
    at: adjustment.at,
  };
  if (adjustment.by) a.by = adjustment.by;
  const review: CaseReview = {
    ...record.review,
    adjustments: [...(record.review?.adjustments ?? []), a],
  };
  return { ...record, review };
}

/** Marks a case for coaching with a reason (required); a later mark replaces the earlier. */
export function markCoaching(
  record: CaseRecord,
  reason: string,
  at: number,
  by?: string,
): CaseRecord {
  if (!reason.trim()) throw new RangeError('coaching needs a reason');
  const coaching: NonNullable<CaseReview['coaching']> = { reason: masked(record, reason), at };
  if (by) coaching.by = by;
  return { ...record, review: { adjustments: record.review?.adjustments ?? [], coaching } };
}

/** The agent acknowledges the score, or disputes it (a dispute needs a reason). */
export function acknowledge(
  record: CaseRecord,
  state: Acknowledgement['state'],
  reason: string | undefined,
  at: number,
): CaseRecord {
  const why = reason?.trim() ?? '';
  if (state === 'disputed' && !why) throw new RangeError('a dispute needs a reason');
  const acknowledgement: Acknowledgement = { state, at };
  if (why) acknowledgement.reason = masked(record, why);
  return { ...record, acknowledgement };
}
