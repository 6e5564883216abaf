/**
 * What the agent taught the search on this machine: the words they (or the customer) used
 * when they picked an article or script. A later query worded like an earlier one brings that
 * pick up, even when it shares no word with the article ("卡被吞了" for ATM card retention).
 * Kept locally, bounded, newest first.
 */
import { fold } from '../text/fold.ts';
import { isStopword, stem } from './tokens.ts';

/** One accepted pick: the folded query, the document, how often and when last. */
export interface LearnedPick {
  q: string;
  id: string;
  n: number;
  at: number;
}

/** Picks kept at most; the oldest go first. */
export const LEARNED_LIMIT = 2_000;
/** Queries longer than this are a whole message, not a search: only their start is kept. */
const MAX_QUERY = 80;

/** The query as learned and matched: folded, trimmed, bounded. */
const norm = (q: string): string => fold(q).trim().toLowerCase().slice(0, MAX_QUERY);

/** Records that `query` led to picking document `id`; returns the new list (newest first). */
export function learn(
  picks: readonly LearnedPick[],
  query: string,
  id: string,
  now = Date.now(),
): LearnedPick[] {
  const q = norm(query);
  if (q.length < 2 || !id) return [...picks];
  const old = picks.find((p) => p.q === q && p.id === id);
  const rest = picks.filter((p) => p !== old);
  return [{ q, id, n: (old?.n ?? 0) + 1, at: now }, ...rest].slice(0, LEARNED_LIMIT);
}

/**
 * The features of a text: character bigrams of CJK runs, and Latin words stemmed, without the
 * words every question has ("my", "how", "the"), which would make unrelated questions alike.
 */
function features(s: string): Set<string> {
  const out = new Set<string>();
  for (const run of s.match(/[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g) ?? []) {
    if (/^[a-z0-9]/.test(run)) {
      if (!isStopword(run)) out.add(stem(run));
    } else if (run.length === 1) out.add(run);
    else for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  }
  return out;
}

// Features of learned queries, computed once: a search compares the query with every pick.
const featureCache = new Map<string, Set<string>>();
function cachedFeatures(q: string): Set<string> {
  let f = featureCache.get(q);
  if (!f) {
    if (featureCache.size > LEARNED_LIMIT * 2) featureCache.clear();
    featureCache.set(q, (f = features(q)));
  }
  return f;
}

/**
 * How much each document is brought up by the picks whose query resembles `query`, 0 to 1 and
 * more for a pick repeated: the Dice similarity of the two queries' features above `min`,
 * scaled so that `min` gives nothing and the same words give 1.
 */
export function learnedScores(
  picks: readonly LearnedPick[],
  query: string,
  min = 0.6,
): Map<string, number> {
  const out = new Map<string, number>();
  const f = features(norm(query));
  if (f.size === 0) return out;
  for (const p of picks) {
    const g = cachedFeatures(p.q);
    let shared = 0;
    for (const x of g) if (f.has(x)) shared++;
    const sim = (2 * shared) / (f.size + g.size);
    if (sim <= min) continue;
    const s = ((sim - min) / (1 - min)) * (1 + 0.25 * Math.log2(p.n));
    if (s > (out.get(p.id) ?? 0)) out.set(p.id, s);
  }
  return out;
}
