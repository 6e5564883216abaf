/**
 * The QA scorecard (质检评分表) section of the pack format: the items a quality reviewer scores
 * every case on, each worth some points and tested on what the case record already holds.
 */
import {
  type Check,
  type SchemaError,
  bool,
  isPlainObject,
  list,
  num,
  obj,
  oneOf,
  str,
  uniqueBy,
  opt,
  req,
  packId,
} from './schema.ts';
import { ALERT_KINDS } from '../types.ts';
import type { AlertKind } from '../types.ts';

/**
 * What an item tests, exactly one of: a step done; no alert of a kind left standing (an
 * overridden alert does not count); the first-reply SLA met; a referral completed (no
 * incomplete-referral alert, and the referral notice done when it applied); the summary filled
 * (the `record` step done).
 */
export type ScoreCheck =
  | { step: string }
  | { noAlert: AlertKind }
  | { sla: true }
  | { referralComplete: true }
  | { summaryFilled: true };

export interface ScorecardItem {
  id: string;
  title: string;
  /** Points the item is worth. */
  weight: number;
  check: ScoreCheck;
  /** The item applies only to these case types (absent: to every case). */
  caseTypes?: string[];
  /** Failing it zeroes the whole score (a red line, 红线). */
  critical?: boolean;
}

export interface Scorecard {
  id: string;
  title: string;
  items: ScorecardItem[];
}

export const CHECK_KEYS = ['step', 'noAlert', 'sla', 'referralComplete', 'summaryFilled'] as const;

const yes: Check = (v, path, errors) => {
  if (v !== true) errors.push({ path, reason: 'expected true' });
};

const checkShape = obj({
  step: opt(packId),
  noAlert: opt(oneOf(ALERT_KINDS)),
  sla: opt(yes),
  referralComplete: opt(yes),
  summaryFilled: opt(yes),
});

// Two tests in one item would leave the reviewer guessing which one failed.
const scoreCheck: Check = (v, path, errors) => {
  checkShape(v, path, errors);
  if (!isPlainObject(v)) return;
  const given = CHECK_KEYS.filter((k) => v[k] !== undefined);
  if (given.length !== 1)
    errors.push({
      path,
      reason: `give exactly one test: ${CHECK_KEYS.join(', ')}`,
    });
};

const item = obj({
  id: req(packId),
  title: req(str({ max: 200 })),
  weight: req(num({ min: 0, max: 100 })),
  check: req(scoreCheck),
  caseTypes: opt(list(str({ max: 200 }))),
  critical: opt(bool),
});

const shape = obj({
  id: req(packId),
  title: req(str({ max: 200 })),
  items: req(uniqueBy('id', item, { min: 1 })),
});

// A scorecard of only zero-weight items could never give a score but 100 or 0.
export const scorecard: Check = (v, path, errors) => {
  shape(v, path, errors);
  if (!isPlainObject(v) || !Array.isArray(v.items)) return;
  const total = v.items.reduce(
    (n: number, x: unknown) =>
      n + (isPlainObject(x) && typeof x.weight === 'number' ? x.weight : 0),
    0,
  );
  if (total <= 0)
    errors.push({ path: path ? `${path}.items` : 'items', reason: 'the items carry no points' });
};

/** Warnings for step items naming a step the pack does not define (the item would never apply). */
export function scorecardWarnings(card: Scorecard, stepIds: ReadonlySet<string>): SchemaError[] {
  const out: SchemaError[] = [];
  card.items.forEach((it, i) => {
    if ('step' in it.check && !stepIds.has(it.check.step))
      out.push({
        path: `scorecard.items[${i}].check.step`,
        reason: `no step "${it.check.step}" in this pack`,
      });
  });
  return out;
}
