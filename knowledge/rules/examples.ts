/**
 * Rules that generalise from their example sentences: a sentence (or clause) of a draft that is
 * nearer to one of a rule's `flag` examples than to any `ok` example of the pack, within the
 * same polarity (negated or not), raises the rule and names the example it resembles.
 *
 * Nearness is the cosine of tf-idf vectors over the search engine's kind of features: character
 * bigrams inside Chinese runs, words and word pairs in Latin text. The idf comes from the pack's
 * examples and its compliant text (scripts, articles), so words every answer uses weigh little.
 */
import { isCjk } from './patterns.ts';
import { segments, type CueView } from './scope.ts';
import type { Pack } from '../authoring/pack.ts';
import type { Sample } from './learned.ts';

/** The example a hit resembles, and how closely (cosine, 0..1). */
export interface ExampleMatch {
  text: string;
  similarity: number;
}

export interface Feature {
  key: string;
  start: number;
  end: number;
}

const STOP = new Set(['the', 'a', 'an', 'to', 'of', 'and', 'is', 'it', 'i', 'you', 'we', 'for']);

/** Light English stemming so "guarantees" meets "guaranteed". */
const stem = (w: string): string => w.replace(/(?:ing|ed|es|s)$/u, '') || w;

const isWordCode = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x27;

/** Features of a prepared text, with their positions (a scan by code unit: it runs per draft). */
export function features(s: string): Feature[] {
  const out: Feature[] = [];
  const words: Feature[] = [];
  const to = s.length;
  let i = 0;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (isCjk(c)) {
      let j = i + 1;
      while (j < to && isCjk(s.charCodeAt(j))) j++;
      if (j - i === 1) out.push({ key: s[i]!, start: i, end: i + 1 });
      for (let k = i; k + 1 < j; k++) out.push({ key: s.slice(k, k + 2), start: k, end: k + 2 });
      i = j;
    } else if (isWordCode(c) && c !== 0x27) {
      let j = i + 1;
      while (j < to && isWordCode(s.charCodeAt(j))) j++;
      const w = s.slice(i, j).replace(/'$/, '');
      if (!STOP.has(w)) words.push({ key: `w:${stem(w)}`, start: i, end: j });
      i = j;
    } else i++;
  }
  // Word pairs keep English phrases ("tell me", "zero risk") apart from their words.
  for (let k = 0; k < words.length; k++) {
    const a = words[k]!;
    out.push(a);
    const b = words[k + 1];
    if (b && b.start - a.end <= 12)
      out.push({ key: `${a.key} ${b.key}`, start: a.start, end: b.end });
  }
  return out;
}

interface Vector {
  weights: Map<string, number>;
  norm: number;
}

interface Example {
  text: string;
  ruleId: string;
  flag: boolean;
  negated: boolean;
  vector: Vector;
}

/** The examples of a pack, indexed for nearest-neighbour lookups. */
export interface ExampleSpace {
  examples: Example[];
  /** Feature -> [example index, weight] postings. */
  postings: Map<string, Array<[number, number]>>;
  idf: Map<string, number>;
  unseenIdf: number;
  /** Scratch space for dot products, one slot per example (kept zeroed between uses). */
  dot: Float64Array;
}

function vectorOf(keys: string[], idf: (k: string) => number): Vector {
  const tf = new Map<string, number>();
  for (const k of keys) tf.set(k, (tf.get(k) ?? 0) + 1);
  const weights = new Map<string, number>();
  let sq = 0;
  for (const [k, n] of tf) {
    const w = (1 + Math.log(n)) * idf(k);
    weights.set(k, w);
    sq += w * w;
  }
  return { weights, norm: Math.sqrt(sq) };
}

/** Everything the space needs from the guard: folding and the pack's negation cue. */
export interface SpaceInput {
  pack: Pack;
  prepare: (text: string) => string;
  isNegated: (prepared: string) => boolean;
}

interface RawExample {
  text: string;
  ruleId: string;
  flag: boolean;
}

/** A pack's examples and compliant text, prepared and cut into features once per compile. */
export interface PreparedExamples {
  raw: RawExample[];
  /** One per raw example, then one per background text (scripts, article answers, questions). */
  docs: Array<{ prepared: string; feats: Feature[] }>;
}

/** Prepares the examples and compliant text of a pack (null when its rules have no flag example). */
export function prepareExamples(
  { pack, prepare }: Omit<SpaceInput, 'isNegated'>,
  others: Pack[] = [],
): PreparedExamples | null {
  const raw: RawExample[] = [];
  for (const r of pack.rules ?? []) {
    for (const t of r.examples?.flag ?? []) raw.push({ text: t, ruleId: r.id, flag: true });
    for (const t of r.examples?.ok ?? []) raw.push({ text: t, ruleId: r.id, flag: false });
  }
  if (!raw.some((e) => e.flag)) return null;
  // The compliant text of the pack and of the set's other packs in its language (the centre's
  // knowledge base): words every answer uses weigh little, and are no violation on their own.
  const background = [pack, ...others.filter((o) => o.locale === pack.locale)].flatMap((p) => [
    ...(p.scripts ?? []).map((s) => s.text),
    ...(p.articles ?? []).flatMap((a) => [a.answer, ...a.questions]),
  ]);
  const docs = [...raw.map((e) => e.text), ...background].map((t) => {
    const p = prepare(t);
    return { prepared: p, feats: features(p) };
  });
  return { raw, docs };
}

const SENTENCE_END = /[。！？；!?;\n]|\.(?=\s|$)/gu;

/**
 * What the learned model trains on: every example as a sample of its kind, and every sentence
 * of the pack's compliant text as an ok sample (an article's answer is many sentences).
 */
export function trainingSamples(prepared: PreparedExamples): Sample[] {
  const { raw, docs } = prepared;
  const keysOf = (fs: Feature[]) => [...new Set(fs.map((f) => f.key))];
  const samples: Sample[] = raw.map((e, i) => ({ keys: keysOf(docs[i]!.feats), flag: e.flag }));
  for (const d of docs.slice(raw.length)) {
    const ends = [...d.prepared.matchAll(SENTENCE_END)].map((m) => m.index);
    let from = 0;
    for (const end of [...ends, d.prepared.length]) {
      const fs = d.feats.filter((f) => f.start >= from && f.end <= end);
      if (fs.length > 0) samples.push({ keys: keysOf(fs), flag: false });
      from = end + 1;
    }
  }
  return samples;
}

/** Builds the example space of prepared examples. */
export function exampleSpace(
  prepared: PreparedExamples,
  isNegated: SpaceInput['isNegated'],
): ExampleSpace {
  const { raw } = prepared;
  const docs = prepared.docs.map((d) => ({
    prepared: d.prepared,
    keys: d.feats.map((f) => f.key),
  }));
  const df = new Map<string, number>();
  for (const d of docs) for (const k of new Set(d.keys)) df.set(k, (df.get(k) ?? 0) + 1);
  const n = docs.length;
  const idf = new Map<string, number>();
  for (const [k, c] of df) idf.set(k, Math.log(1 + n / c));
  const unseenIdf = Math.log(1 + n);
  const weigh = (k: string) => idf.get(k) ?? unseenIdf;
  const postings = new Map<string, Array<[number, number]>>();
  // Words in more than one text in thirty ("您的", "the account") tell examples apart too
  // little to be worth looking up on every keystroke.
  const common = Math.max(3, n / 30);
  const examples = raw.map((e, i) => {
    const { prepared, keys } = docs[i]!;
    const vector = vectorOf(keys, weigh);
    for (const [k, w] of vector.weights) {
      if ((df.get(k) ?? 0) > common) continue;
      const list = postings.get(k) ?? [];
      list.push([i, w / vector.norm]);
      postings.set(k, list);
    }
    return { ...e, negated: isNegated(prepared), vector };
  });
  return { examples, postings, idf, unseenIdf, dot: new Float64Array(examples.length) };
}

/** The nearest flag example per rule for one stretch of text, if it beats every ok example. */
export interface Nearest {
  ruleId: string;
  match: ExampleMatch;
  start: number;
  end: number;
}

/** Options of the decision: how near a flag example must be, and by how much nearer than ok. */
export interface NearOptions {
  threshold: number;
  margin: number;
  /** Distinct features the text must share with the example. */
  minShared: number;
}

export const NEAR_DEFAULTS: NearOptions = { threshold: 0.6, margin: 0.08, minShared: 5 };

function scoreStretch(
  space: ExampleSpace,
  feats: Feature[],
  negatedHere: boolean,
  opts: NearOptions,
): Nearest[] {
  const tf = new Map<string, number>();
  for (const f of feats) tf.set(f.key, (tf.get(f.key) ?? 0) + 1);
  // Dot products accumulate in a scratch array: only the examples touched are read and reset.
  const { dot } = space;
  const touched: number[] = [];
  let sq = 0;
  for (const [k, n] of tf) {
    const w = (1 + Math.log(n)) * (space.idf.get(k) ?? space.unseenIdf);
    sq += w * w;
    for (const [i, ew] of space.postings.get(k) ?? []) {
      if (dot[i] === 0) touched.push(i);
      dot[i]! += ew * w;
    }
  }
  const norm = Math.sqrt(sq);
  let bestOk = 0;
  const bestFlag = new Map<string, [number, number]>();
  for (const i of touched) {
    const sim = dot[i]! / norm;
    dot[i] = 0;
    const e = space.examples[i]!;
    if (e.negated !== negatedHere) continue;
    if (!e.flag) bestOk = Math.max(bestOk, sim);
    else if (sim > (bestFlag.get(e.ruleId)?.[1] ?? 0)) bestFlag.set(e.ruleId, [i, sim]);
  }
  const out: Nearest[] = [];
  for (const [ruleId, [i, sim]] of bestFlag) {
    if (sim < opts.threshold || sim < bestOk + opts.margin) continue;
    const e = space.examples[i]!;
    const shared = feats.filter((f) => e.vector.weights.has(f.key));
    // A few shared words are a coincidence, not a resemblance ("金融卡密码" alone).
    if (new Set(shared.map((f) => f.key)).size < opts.minShared) continue;
    const start = Math.min(...shared.map((f) => f.start));
    const end = Math.max(...shared.map((f) => f.end));
    const similarity = Math.round(sim * 100) / 100;
    out.push({ ruleId, match: { text: e.text, similarity }, start, end });
  }
  return out;
}

/**
 * The rules a text resembles by example, per clause and per sentence (the nearer wins), each
 * with the example and the span of the words they share. `negatedAt` tells a stretch's polarity.
 */
export function nearestExamples(
  space: ExampleSpace,
  view: CueView,
  negatedAt: (start: number, end: number) => boolean,
  opts: NearOptions = NEAR_DEFAULTS,
): Map<string, Nearest> {
  const best = new Map<string, Nearest>();
  const seen = new Set<string>();
  const stretches = [
    ...segments(view.sentences, view.text.length),
    ...segments(view.clauses, view.text.length),
  ].filter(([a, b]) => !seen.has(`${a}:${b}`) && !!seen.add(`${a}:${b}`));
  // Features are found once for the text; a stretch takes those inside it. Only those the
  // examples know are kept, with one more count for the norm of the rest.
  const all = features(view.text).sort((x, y) => x.start - y.start);
  for (const [a, b] of stretches) {
    const feats: Feature[] = [];
    for (let k = lowerBound(all, a); k < all.length && all[k]!.start < b; k++)
      if (all[k]!.end <= b) feats.push(all[k]!);
    if (feats.length < opts.minShared) continue;
    if (!feats.some((f) => space.postings.has(f.key))) continue;
    for (const n of scoreStretch(space, feats, negatedAt(a, b), opts)) {
      const prev = best.get(n.ruleId);
      if (!prev || n.match.similarity > prev.match.similarity) best.set(n.ruleId, n);
    }
  }
  return best;
}

/** The first index of `sorted` (by start) whose feature starts at or after `at`. */
function lowerBound(sorted: Feature[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The flag example of a rule nearest to these features (cosine over tf-idf, every word), the
 * sentence an alert of the learned model shows as what it resembles.
 */
export function closestExample(
  space: ExampleSpace,
  feats: Feature[],
  ruleId: string,
): ExampleMatch | null {
  const tf = new Map<string, number>();
  for (const f of feats) tf.set(f.key, (tf.get(f.key) ?? 0) + 1);
  const query: Array<[string, number]> = [];
  let sq = 0;
  for (const [k, n] of tf) {
    const w = (1 + Math.log(n)) * (space.idf.get(k) ?? space.unseenIdf);
    sq += w * w;
    query.push([k, w]);
  }
  const norm = Math.sqrt(sq) || 1;
  let best: ExampleMatch | null = null;
  for (const e of space.examples) {
    if (!e.flag || e.ruleId !== ruleId) continue;
    let dot = 0;
    for (const [k, w] of query) dot += (e.vector.weights.get(k) ?? 0) * w;
    const sim = dot / norm / e.vector.norm;
    if (!best || sim > best.similarity) best = { text: e.text, similarity: sim };
  }
  return best && { ...best, similarity: Math.round(best.similarity * 100) / 100 };
}
