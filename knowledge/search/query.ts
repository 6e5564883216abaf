/**
 * Answers a query: the query vector (analysed tokens, pack synonyms, prefixes of the word being
 * typed and typo corrections), each document scored by its best unit (field-weighted cosine)
 * blended with the article model, boosts for the CRM context and earlier acceptances, pinyin for
 * Latin queries over Chinese text, and the spans of the match in the original text.
 */
import Fuse from 'fuse.js';
import { fold } from '../text/fold.ts';
import { type Token, analyse, hasCjk, stem } from './tokens.ts';
import { matchPinyin, segmentPinyin } from './pinyin.ts';
import {
  type EngineParams,
  type Hit,
  type RuntimeCache,
  type SearchDoc,
  type SearchIndex,
  type SearchOptions,
  analyseOpts,
  cacheOf,
  FIELDS,
  termId,
  unitText,
} from './model.ts';
import type { CaseContext } from '../types.ts';
import { learnedScores } from './learned.ts';
import { expandSynonyms } from './synonyms.ts';

interface Scored {
  doc: number;
  score: number;
  unit: number;
  pinyinSpan?: { unit: number; start: number; end: number };
}

/** Searches the index: best documents first, each with the field and spans that matched. */
export function search(index: SearchIndex, query: string, options: SearchOptions = {}): Hit[] {
  const limit = options.limit ?? 10;
  const folded = fold(query).trim();
  if (!folded) return [];
  const { params } = index;
  const { terms, tokens } = queryTerms(index, folded);
  const { touchedUnits, shortest } = accumulate(index, terms);
  const touchedDocs = bestUnits(index, touchedUnits);
  const ctx = options.context;
  const ctxProduct = ctx?.product ? fold(ctx.product).trim() : '';
  const results = rankDocs(index, touchedDocs, options, limit, ctxProduct);
  resetCentroidScores(index, terms, params, shortest);
  // Pinyin: a Latin query may be initials or syllables of a Chinese title or question.
  if (!hasCjk(folded) && index.pinyin.ids.length > 0) {
    const py: Scored[] = [];
    addPinyin(index, folded, py);
    for (const p of py) {
      const doc = index.docs[p.doc]!;
      if (options.kind && doc.kind !== options.kind) continue;
      p.score = boosted(p.score, doc, options, params, ctxProduct);
      const r = results.find((x) => x.doc === p.doc);
      if (!r) results.push(p);
      else if (p.score > r.score) Object.assign(r, p);
    }
  }
  if (options.learned?.length) addLearned(index, folded, options, results);
  results.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return results.slice(0, limit).map((r) => toHit(index, r, tokens, folded));
}

/**
 * The agent's earlier picks for queries worded like this one: a picked document found anyway
 * is raised, one the words did not reach is added, both in proportion to the best score.
 */
function addLearned(
  index: SearchIndex,
  folded: string,
  options: SearchOptions,
  results: Scored[],
): void {
  const scores = learnedScores(options.learned ?? [], folded);
  if (scores.size === 0) return;
  const top = results.reduce((m, r) => Math.max(m, r.score), 0) || 1;
  const byId = docIds(index);
  for (const [id, s] of scores) {
    const doc = byId.get(id);
    if (doc === undefined || (options.kind && index.docs[doc]!.kind !== options.kind)) continue;
    const lift = top * s * index.params.learnedBoost;
    const r = results.find((x) => x.doc === doc);
    if (r) r.score += lift;
    else results.push({ doc, score: lift, unit: -1 });
  }
}

const ANSWER = FIELDS.indexOf('answer');

const idMaps = new WeakMap<SearchIndex, Map<string, number>>();
/** Document positions by id, built once per index. */
function docIds(index: SearchIndex): Map<string, number> {
  let m = idMaps.get(index);
  if (!m) idMaps.set(index, (m = new Map(index.docs.map((d, i) => [d.id, i]))));
  return m;
}

/**
 * Adds each term's weighted postings to the unit scores and its model row to the document
 * scores (the query's hot loop); returns the units reached and the shortest posting list.
 */
function accumulate(
  index: SearchIndex,
  terms: QueryTerm[],
): { touchedUnits: number[]; shortest: number } {
  const { params } = index;
  const { unitScore, centroidScore } = cacheOf(index);
  const touchedUnits: number[] = [];
  // Very common terms in a large index cost much and tell little: skipped when rarer ones exist.
  const len = (id: number): number => index.postings.off[id + 1]! - index.postings.off[id]!;
  const shortest = terms.reduce((m, t) => Math.min(m, len(t.id)), Infinity);
  for (const { id, w } of terms) {
    if (len(id) > params.maxPostings && len(id) > shortest) continue;
    const p = index.postings;
    for (let k = p.off[id]!, end = p.off[id + 1]!; k < end; k++) {
      const u = p.ids[k]!;
      if (unitScore[u] === 0) touchedUnits.push(u);
      unitScore[u]! += w * p.w[k]!;
    }
    const c = index.centroids;
    for (let k = c.off[id]!, end = c.off[id + 1]!; k < end; k++) {
      centroidScore[c.ids[k]!]! += w * c.w[k]!;
    }
  }
  return { touchedUnits, shortest };
}

/**
 * Per document reached: its best answer passage, its best other unit, the sum of its passages
 * and which unit is best (field-weighted); clears the unit scores; returns the documents.
 */
function bestUnits(index: SearchIndex, touchedUnits: number[]): number[] {
  const { unitScore, docBestA, docBestQ, docSum, docBestUnit } = cacheOf(index);
  const fieldWeight = FIELDS.map((f) => index.params.fields[f]);
  const touchedDocs: number[] = [];
  for (const u of touchedUnits) {
    const d = index.unitDoc[u]!;
    const s = unitScore[u]! * fieldWeight[index.unitField[u]!]!;
    unitScore[u] = 0;
    if (docBestUnit[d] === -1) {
      touchedDocs.push(d);
      docBestA[d] = 0;
      docBestQ[d] = 0;
      docSum[d] = 0;
      docBestUnit[d] = u;
    }
    const best = Math.max(docBestA[d]!, docBestQ[d]!);
    if (index.unitField[u] === ANSWER) {
      docSum[d]! += s;
      if (s > docBestA[d]!) docBestA[d] = s;
    } else if (s > docBestQ[d]!) docBestQ[d] = s;
    if (s > best) docBestUnit[d] = u;
  }
  return touchedDocs;
}

/** A score times the context and acceptance boosts of its document. */
function boosted(
  score: number,
  doc: SearchDoc,
  options: SearchOptions,
  params: EngineParams,
  ctxProduct: string,
): number {
  let s = score;
  if (options.context) s *= contextFactor(doc, options.context, params.contextBoost, ctxProduct);
  const n = acceptedCount(options.accepted, doc.id);
  if (n > 0) s *= 1 + params.acceptedBoost * Math.log2(1 + n);
  return s;
}

/**
 * The documents reached, scored (best unit blended with the article model, boosted), their
 * per-query state cleared; the candidate list kept short in large indexes.
 */
function rankDocs(
  index: SearchIndex,
  touchedDocs: number[],
  options: SearchOptions,
  limit: number,
  ctxProduct: string,
): Scored[] {
  const { params } = index;
  const { centroidScore, docBestA, docBestQ, docSum, docBestUnit } = cacheOf(index);
  const results: Scored[] = [];
  let floor = -Infinity;
  const keep = Math.max(limit, 1) * 4;
  for (const d of touchedDocs) {
    const doc = index.docs[d]!;
    // The article model learnt from question variants; a document with none (a script, an
    // article of title and answer) is judged by its best unit as in an untrained index.
    const share =
      index.trained && doc.questions?.length ? params.unitShare : params.unitShareUntrained;
    // The other passages of its answer add up a little, as the whole answer would have; a match
    // in both the answer and the title or questions adds the lesser of the two.
    const unit = docBestUnit[d]!;
    const [a, q] = [docBestA[d]!, docBestQ[d]!];
    const others = docSum[d]! - (a > q ? a : 0);
    const unitPart =
      Math.max(a, q) + params.otherUnits * others + params.bothFields * Math.min(a, q);
    let score = share * unitPart + (1 - share) * centroidScore[d]!;
    docBestUnit[d] = -1;
    if (options.kind && doc.kind !== options.kind) continue;
    score = boosted(score, doc, options, params, ctxProduct);
    if (score <= floor) continue;
    results.push({ doc: d, score, unit });
    // Keep the candidate list short in large indexes: prune to the best few when it grows.
    if (results.length > 4 * keep) {
      results.sort((a, b) => b.score - a.score);
      results.length = keep;
      floor = results[keep - 1]!.score;
    }
  }
  return results;
}

/** Clears the centroid accumulator touched by a query (only the rows it read). */
function resetCentroidScores(
  index: SearchIndex,
  terms: QueryTerm[],
  params: EngineParams,
  shortest: number,
): void {
  const { centroidScore } = cacheOf(index);
  const len = (id: number): number => index.postings.off[id + 1]! - index.postings.off[id]!;
  const c = index.centroids;
  for (const { id } of terms) {
    if (len(id) > params.maxPostings && len(id) > shortest) continue;
    for (let k = c.off[id]!, end = c.off[id + 1]!; k < end; k++) centroidScore[c.ids[k]!] = 0;
  }
}

/** Titles and questions whose pinyin (initials or syllables) the Latin query spells. */
function addPinyin(index: SearchIndex, folded: string, results: Scored[]): void {
  const cache = cacheOf(index);
  const letters = folded.replace(/[^a-z]/g, '');
  if (letters.length < 2 || letters.length > 30) return;
  const words = folded.split(/[^a-z]+/).filter(Boolean);
  const segs = segmentPinyin(letters, (s) => cache.syllables.has(s));
  // Candidates: units holding the first syllable or the first initials bigram.
  const probe = new Set<string>();
  for (const seg of segs) if (seg[0] && cache.syllables.has(seg[0])) probe.add(`p:${seg[0]}`);
  probe.add(`i:${letters.slice(0, 2)}`);
  const units = new Set<number>();
  for (const t of probe) {
    const id = termId(index, t);
    if (id < 0) continue;
    for (let k = index.pinyin.off[id]!; k < index.pinyin.off[id + 1]!; k++)
      units.add(index.pinyin.ids[k]!);
  }
  const byDoc = new Map<number, Scored>();
  for (const u of units) {
    const d = index.unitDoc[u]!;
    const field = FIELDS[index.unitField[u]!]!;
    const text = fold(unitText(index.docs[d]!, field, index.unitPos[u]!));
    // Initials only when typed as one word (czmm); syllables may be split by spaces.
    const m = matchPinyin(text, words.length === 1 ? letters : '', segs.length ? segs : undefined);
    if (!m) continue;
    const cjkLen = [...text].filter((ch) => hasCjk(ch)).length || 1;
    const coverage = (m.end - m.start) / cjkLen;
    const s = index.params.pinyin * index.params.fields[field] * (0.6 + 0.4 * coverage);
    const cur = byDoc.get(d);
    if (!cur || s > cur.score)
      byDoc.set(d, { doc: d, score: s, unit: u, pinyinSpan: { unit: u, ...m } });
  }
  for (const [d, p] of byDoc) {
    const r = results.find((x) => x.doc === d);
    if (!r) results.push(p);
    else if (p.score > r.score) Object.assign(r, p);
  }
}

/** Spans of the query's tokens in the matched field's original text (merged, in order). */
function toHit(index: SearchIndex, r: Scored, qTokens: Token[], foldedQuery: string): Hit {
  const d = index.docs[r.doc]!;
  const field = r.unit >= 0 ? FIELDS[index.unitField[r.unit]!]! : 'title';
  const pos = r.unit >= 0 ? index.unitPos[r.unit]! : 0;
  const text = unitText(d, field, pos);
  let spans: [number, number][] = [];
  if (r.pinyinSpan) spans = [[r.pinyinSpan.start, r.pinyinSpan.end]];
  else {
    const want = new Set(qTokens.filter((t) => t.t[0] === 'w' || t.t[0] === 'u').map((t) => t.t));
    const folded = fold(text);
    for (const tok of analyse(folded, { charGrams: 0, bigrams: false, segment: false })) {
      if (want.has(tok.t)) spans.push([tok.start, tok.end]);
    }
    // Words found only through prefixes, typos or synonyms: highlight the query's own words too.
    if (spans.length === 0) {
      for (const w of foldedQuery.split(/\s+/).filter((x) => x.length >= 2)) {
        const i = folded.indexOf(w);
        if (i >= 0) spans.push([i, i + w.length]);
      }
    }
    spans = mergeSpans(spans);
  }
  const hit: Hit = {
    id: d.id,
    kind: d.kind,
    score: Number(r.score.toFixed(6)),
    field,
    text,
    spans,
  };
  if (field === 'question') hit.variant = pos;
  return hit;
}

/** Overlapping or touching spans as one, in order. */
function mergeSpans(spans: [number, number][]): [number, number][] {
  spans.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

interface QueryTerm {
  id: number;
  w: number;
}

/** The query vector: analysed tokens, synonyms, prefix and fuzzy expansions of unknown words. */
function queryTerms(index: SearchIndex, folded: string): { terms: QueryTerm[]; tokens: Token[] } {
  const cache = cacheOf(index);
  const { params } = index;
  const weights = new Map<number, { c: number; kw: number }>();
  const add = (t: string, w: number, maxPostings = Infinity): void => {
    const id = termId(index, t);
    if (id < 0) return;
    const len = index.postings.off[id + 1]! - index.postings.off[id]!;
    if (len === 0 || len > maxPostings) return;
    const cur = weights.get(id);
    if (cur) cur.c += w;
    else weights.set(id, { c: w, kw: params.kinds[t[0]!] ?? 1 });
  };
  const opts = analyseOpts('question', params, true);
  const tokens = analyse(folded, opts);
  // A known word's character n-grams add little beside the word itself and, in a large pack,
  // cost most of the query: those with long posting lists are left out.
  const knownAt = new Set<number>();
  for (const tok of tokens) {
    if (tok.t.startsWith('w:') && cache.wordSet.has(tok.t.slice(2))) knownAt.add(tok.start);
  }
  for (const tok of tokens) {
    const gramOfKnown = tok.t.startsWith('c:') && knownAt.has(tok.start);
    add(tok.t, tok.w, gramOfKnown ? params.maxGramPostings : Infinity);
  }
  // Unknown English words: the word being typed (prefix) or a typo (fuzzy, via fuse.js).
  const endsInWord = /[a-z0-9]$/.test(folded);
  const wordToks = tokens.filter((t) => t.t.startsWith('w:'));
  wordToks.forEach((tok, i) => {
    const s = tok.t.slice(2);
    if (cache.wordSet.has(s) || s.length < 3 || /\d/.test(s)) return;
    const last = i === wordToks.length - 1 && endsInWord && tok.end === folded.length;
    const raw = folded.slice(tok.start, tok.end);
    const found = last ? prefixWords(cache.words, raw, 4) : [];
    const candidates = found.length ? found : fuzzyWords(cache, raw);
    for (const c of candidates) add(`w:${c.word}`, params.expansion * c.w);
  });
  expandSynonyms(index, folded, tokens, opts, (t, w) => add(t, w, params.maxGramPostings));
  const terms: QueryTerm[] = [];
  let norm = 0;
  for (const [id, { c, kw }] of weights) {
    const w = kw * (1 + Math.log(Math.max(1, c))) * Math.min(c, 1) * index.idf[id]!;
    terms.push({ id, w });
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (const t of terms) t.w /= norm;
  return { terms, tokens };
}

/** Indexed stems starting like an unfinished word (binary search in the sorted list). */
function prefixWords(words: string[], raw: string, max: number): { word: string; w: number }[] {
  const p = stem(raw).length < raw.length ? raw : raw;
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid]! < p) lo = mid + 1;
    else hi = mid;
  }
  const out: { word: string; w: number }[] = [];
  for (let i = lo; i < words.length && out.length < max && words[i]!.startsWith(p); i++) {
    out.push({ word: words[i]!, w: 1 / (1 + out.length) });
  }
  return out;
}

/**
 * Closest indexed stems to a misspelt word: fuse.js (its strength: fuzzy matching of short
 * strings) over the vocabulary stems sharing the first letter, so a lookup stays well under 1 ms.
 */
function fuzzyWords(cache: RuntimeCache, raw: string): { word: string; w: number }[] {
  const s = stem(raw);
  const first = s[0]!;
  let fuse = cache.fuse.get(first);
  if (!fuse) {
    const bucket = cache.words.filter((w) => w[0] === first);
    fuse = new Fuse(bucket, { includeScore: true, threshold: 0.3, ignoreLocation: true });
    cache.fuse.set(first, fuse);
  }
  return fuse
    .search(s, { limit: 2 })
    .filter((r) => Math.abs(r.item.length - s.length) <= 2)
    .map((r) => ({ word: r.item, w: 1 - (r.score ?? 0) }));
}

/** How often the agent accepted a document before. */
export function acceptedCount(accepted: SearchOptions['accepted'], id: string): number {
  if (!accepted) return 0;
  if (accepted instanceof Map) return accepted.get(id) ?? 0;
  return (accepted as Record<string, number>)[id] ?? 0;
}

/**
 * How well a document fits the case: one per context field it fits (case type, product,
 * channel), one less when it is for another product than the case's.
 */
export function contextFit(
  d: SearchDoc,
  ctx: CaseContext | undefined,
  p = ctx?.product ? fold(ctx.product).trim() : '',
): number {
  if (!ctx) return 0;
  let n = 0;
  if (ctx.caseType && d.caseTypes?.includes(ctx.caseType)) n++;
  if (ctx.channel && d.channels?.includes(ctx.channel)) n++;
  if (p) {
    const fits =
      (d.product && (fold(d.product).includes(p) || p.includes(fold(d.product)))) ||
      d.tags?.some((t) => fold(t) === p);
    // Near-duplicates that differ by product (借记卡 / 信用卡): the one for another product is
    // lowered as much as the fitting one is raised; an article for no product stays neutral.
    if (fits) n++;
    else if (d.product) n--;
  }
  return n;
}

/** The score multiplier of that fit: 1 + boost per field, or 1 / (1 + boost) below none. */
export function contextFactor(
  d: SearchDoc,
  ctx: CaseContext | undefined,
  boost: number,
  p?: string,
): number {
  const n = contextFit(d, ctx, p);
  return n >= 0 ? 1 + boost * n : 1 / (1 - boost * n);
}
