/**
 * The QA score columns of the records CSV: the score with one line per item, the team lead's
 * adjustments and coaching mark, the agent's acknowledgement. Times are ISO dates, since a
 * review comes days after the case; free text comes last on its line so it may keep its '|'.
 */
import type { CaseRecord } from './records.ts';
import {
  adjustedScore,
  type Acknowledgement,
  type CaseReview,
  type CaseScore,
  type ItemScore,
  type ScoreAdjustment,
} from './scorecard.ts';

export const SCORE_COLUMNS = [
  'scorecard',
  'score',
  'score_adjusted',
  'score_zeroed_by',
  'score_items',
  'review_adjustments',
  'coaching',
  'acknowledgement',
] as const;

const iso = (t: number | undefined): string => (t === undefined ? '' : new Date(t).toISOString());
const time = (s: string | undefined): number | undefined => {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};
const clean = (s: string): string => s.replace(/[|\r\n]+/g, ' ').trim();
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// One line per item, the title last so it may keep its own '|': "verify | fail | 0/15 | critical | 核实身份".
const itemLine = (i: ItemScore): string =>
  [
    i.id,
    i.applies ? (i.passed ? 'pass' : 'fail') : 'n/a',
    `${i.points}/${i.max}`,
    i.critical ? 'critical' : '',
    i.title.replace(/[\r\n]+/g, ' ').trim(),
  ].join(' | ');

const reasonText = (s: string): string => s.replace(/[\r\n]+/g, ' ').trim();

const adjustmentLine = (a: ScoreAdjustment): string =>
  [a.itemId, a.points, iso(a.at), clean(a.by ?? ''), reasonText(a.reason)].join(' | ');

/** The score, review and acknowledgement cells of a record, in the order of SCORE_COLUMNS. */
export function scoreCells(r: CaseRecord): (string | number | undefined)[] {
  const c = r.review?.coaching;
  const k = r.acknowledgement;
  return [
    r.score?.scorecardId,
    r.score?.score,
    adjustedScore(r)?.score,
    r.score?.zeroedBy,
    r.score?.items.map(itemLine).join('\n'),
    r.review?.adjustments.map(adjustmentLine).join('\n'),
    c ? [iso(c.at), clean(c.by ?? ''), reasonText(c.reason)].join(' | ') : undefined,
    k ? [k.state, iso(k.at), reasonText(k.reason ?? '')].join(' | ') : undefined,
  ];
}

const lines = (cell: string): string[][] =>
  cell
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(' | '));

/** The score of a CSV row, or undefined when it has none (or an unreadable one). */
function parseScore(get: (name: string) => string): CaseScore | undefined {
  const scorecardId = get('scorecard').trim();
  const value = Number(get('score'));
  if (!scorecardId || get('score').trim() === '' || !Number.isFinite(value)) return undefined;
  const items = lines(get('score_items')).flatMap((p): ItemScore[] => {
    const [id, state, pts, critical] = p.map((x) => x.trim());
    const m = /^(-?[\d.]+)\/(-?[\d.]+)$/.exec(pts ?? '');
    if (!id || !m || !['pass', 'fail', 'n/a'].includes(state ?? '')) return [];
    const i: ItemScore = {
      id,
      title: p.slice(4).join(' | ').trim(),
      applies: state !== 'n/a',
      passed: state === 'pass',
      points: Number(m[1]),
      max: Number(m[2]),
    };
    if (critical === 'critical') i.critical = true;
    return [i];
  });
  const score: CaseScore = { scorecardId, score: value, items };
  const zeroedBy = get('score_zeroed_by').trim();
  if (zeroedBy) score.zeroedBy = zeroedBy;
  return score;
}

/** The review of a CSV row, or undefined when it has none. */
function parseReview(get: (name: string) => string, start: number): CaseReview | undefined {
  const adjustments = lines(get('review_adjustments')).flatMap((p): ScoreAdjustment[] => {
    const points = Number(p[1]);
    if (!p[0]?.trim() || !Number.isFinite(points)) return [];
    const a: ScoreAdjustment = {
      itemId: p[0].trim(),
      points,
      at: time(p[2]?.trim()) ?? start,
      reason: p.slice(4).join(' | ').trim(),
    };
    if (p[3]?.trim()) a.by = p[3].trim();
    return [a];
  });
  const c = lines(get('coaching'))[0];
  if (adjustments.length === 0 && !c) return undefined;
  const review: CaseReview = { adjustments };
  if (c) {
    review.coaching = { at: time(c[0]?.trim()) ?? start, reason: c.slice(2).join(' | ').trim() };
    if (c[1]?.trim()) review.coaching.by = c[1].trim();
  }
  return review;
}

/** The acknowledgement of a CSV row, or undefined when it has none. */
function parseAcknowledgement(cell: string, start: number): Acknowledgement | undefined {
  const k = lines(cell)[0];
  const state = k?.[0]?.trim();
  if (!k || (state !== 'acknowledged' && state !== 'disputed')) return undefined;
  const a: Acknowledgement = { state, at: time(k[1]?.trim()) ?? start };
  const reason = k.slice(2).join(' | ').trim();
  if (reason) a.reason = reason;
  return a;
}

/** Checks the optional score, review and acknowledgement of a JSON record. */
export function scoreProblem(v: Record<string, unknown>): string | undefined {
  const { score, review, acknowledgement: ack } = v;
  if (score !== undefined) {
    if (!isObj(score) || typeof score.score !== 'number' || !Array.isArray(score.items))
      return 'score: expected {scorecardId, score, items}';
    for (const [i, it] of (score.items as unknown[]).entries())
      if (!isObj(it) || typeof it.id !== 'string' || typeof it.points !== 'number')
        return `score.items[${i}]: expected {id, points, max}`;
  }
  if (review !== undefined) {
    if (!isObj(review) || !Array.isArray(review.adjustments))
      return 'review: expected {adjustments}';
    for (const [i, a] of (review.adjustments as unknown[]).entries())
      if (!isObj(a) || typeof a.itemId !== 'string' || typeof a.reason !== 'string')
        return `review.adjustments[${i}]: expected {itemId, points, reason}`;
    if (
      review.coaching !== undefined &&
      (!isObj(review.coaching) || typeof review.coaching.reason !== 'string')
    )
      return 'review.coaching: expected {reason, at}';
  }
  if (
    ack !== undefined &&
    (!isObj(ack) || (ack.state !== 'acknowledged' && ack.state !== 'disputed'))
  )
    return 'acknowledgement.state: expected acknowledged or disputed';
  return undefined;
}

/** The score, review and acknowledgement read back from a CSV row's cells. */
export function parseScoreColumns(
  get: (name: string) => string,
  start: number,
): Pick<CaseRecord, 'score' | 'review' | 'acknowledgement'> {
  const out: Pick<CaseRecord, 'score' | 'review' | 'acknowledgement'> = {};
  const score = parseScore(get);
  if (score) out.score = score;
  const review = parseReview(get, start);
  if (review) out.review = review;
  const ack = parseAcknowledgement(get('acknowledgement'), start);
  if (ack) out.acknowledgement = ack;
  return out;
}
