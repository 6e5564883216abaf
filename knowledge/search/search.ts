/**
 * The offline knowledge search: one engine for the typeahead box and for context suggestions.
 *
 * Model: every searchable text of a document (title, each question variant, answer, tags, product;
 * a script's title and text) is a *unit*. Units are tf-idf vectors over several token kinds
 * (English stems, stopwords, word bigrams, character trigrams; Chinese characters and bigrams), all
 * on folded text, hashed to 32-bit keys (the stored vocabulary). A document's score blends its best
 * unit (field-weighted cosine) with an article model: the centroid of its title and question
 * variants, refined by softmax training over those variants when there are enough of them, so words
 * that tell articles apart weigh more than words they share. On top: pack synonyms (query
 * expansion), typo tolerance and unfinished words (fuse.js and prefixes over the vocabulary),
 * pinyin and pinyin initials for Latin queries over Chinese titles and questions, boosts for the
 * CRM context and for what the agent accepted before. Each hit carries the spans of the matching
 * field in the original text.
 *
 * API: `buildIndex(docs, {synonyms, locale})` once (docs from `docsFromPack`);
 * `search(index, query, {limit, context, accepted, kind})` -> `Hit[]`;
 * `suggest(index, context, {limit, accepted, kind, text})` without a query;
 * `indexToJSON` / `indexFromJSON` store and restore the index without analysing text again.
 */
import Fuse from 'fuse.js';
import { fold } from '../text/fold.ts';
import type { Article, Pack, Script } from '../authoring/pack.ts';
import { type AnalyseOptions, type Token, analyse, hasCjk, stem } from './tokens.ts';
import { hashToken, hashTokenizer, TOKEN_KINDS } from './hash.ts';
import { matchPinyin, pinyinKeyer, segmentPinyin } from './pinyin.ts';
import type { CaseContext, Locale } from '../types.ts';

export { hashToken };

export type DocKind = 'article' | 'script';
export type FieldName = 'title' | 'question' | 'answer' | 'tags' | 'product' | 'text';
const FIELDS: FieldName[] = ['title', 'question', 'answer', 'tags', 'product', 'text'];

/** What the engine indexes: an article or a script, reduced to its searchable parts. */
export interface SearchDoc {
  id: string;
  kind: DocKind;
  title: string;
  questions?: string[];
  answer?: string;
  /** Script text. */
  text?: string;
  tags?: string[];
  product?: string;
  caseTypes?: string[];
  channels?: string[];
  /** Script's SOP step. */
  step?: string;
}

/** Tunable weights; the defaults are chosen on held-out FAQ variants, never on test queries. */
export interface EngineParams {
  /** Weight of each token kind in the vectors. */
  kinds: Record<string, number>;
  /** Weight of each field's best unit. */
  fields: Record<FieldName, number>;
  /** Share of the best unit in the score; the rest is the article model (trained)... */
  unitShare: number;
  /** ...or the centroid, when there was too little to train on. */
  unitShareUntrained: number;
  /** Character n-grams of English words, lengths 3..charGrams (0: none). */
  charGrams: number;
  /** Weight of query terms added by synonyms, fuzzy matching and prefixes. */
  expansion: number;
  /** Score of a full pinyin match of a title or question (times the field weight). */
  pinyin: number;
  /** Chinese single characters as tokens of titles and questions. */
  cjkUnigrams: boolean;
  /** Above this many documents, a leaner analysis (no character n-grams or single characters). */
  leanAbove: number;
  /** In such large packs, answers and script texts are indexed up to this many characters. */
  leanTextChars: number;
  /** Terms with longer posting lists are skipped when the query has rarer ones (large indexes). */
  maxPostings: number;
  /** Multiplier per matching context field (case type, product, channel). */
  contextBoost: number;
  /** Multiplier per doubling of earlier acceptances. */
  acceptedBoost: number;
  /** Passes of softmax training of the article model over the question variants (0: centroids only). */
  epochs: number;
  /** Learning rate and temperature of that training. */
  learningRate: number;
  temperature: number;
  /** Train only while vocabulary x documents stays below this (memory bound of the dense step). */
  maxModelCells: number;
  /** Multiply-adds the training may spend (bounds build time; fewer passes when over). */
  trainBudget: number;
  /** Trained weights below this share of their term's largest weight are dropped (index size). */
  modelPrune: number;
}

export const DEFAULT_PARAMS: EngineParams = {
  kinds: { w: 1, s: 0.5, b: 0.6, c: 0.25, u: 0.5, z: 1 },
  fields: { title: 1, question: 1, answer: 0.5, tags: 0.8, product: 0.6, text: 0.8 },
  unitShare: 0.1,
  unitShareUntrained: 0.3,
  charGrams: 3,
  expansion: 0.7,
  pinyin: 0.8,
  cjkUnigrams: true,
  leanAbove: 20_000,
  leanTextChars: 300,
  maxPostings: 20_000,
  contextBoost: 0.15,
  acceptedBoost: 0.1,
  epochs: 10,
  learningRate: 0.5,
  temperature: 10,
  maxModelCells: 12_000_000,
  trainBudget: 4e8,
  modelPrune: 0.05,
};

export interface IndexOptions {
  /** Groups of interchangeable words or phrases (pack synonyms). */
  synonyms?: string[][];
  locale?: Locale;
  params?: Partial<EngineParams>;
}

/** Sparse rows in compressed form: row r holds ids[off[r]..off[r+1]) with weights. */
interface Csr {
  off: Int32Array;
  ids: Int32Array;
  w: Float32Array;
}

export interface SearchIndex {
  version: 2;
  locale?: Locale;
  params: EngineParams;
  docs: SearchDoc[];
  /**
   * The vocabulary as sorted 32-bit token hashes: term id = position. No token strings to
   * store, arrays sized by the vocabulary actually seen; rare hash collisions add noise only.
   */
  keys: Uint32Array;
  /** English stems and pinyin syllables seen, for prefixes, typos and pinyin splitting. */
  words: string[];
  syllables: string[];
  idf: Float32Array;
  /** Per unit: its document, field, and position in the field (question variant). */
  unitDoc: Int32Array;
  unitField: Uint8Array;
  unitPos: Int32Array;
  /** Term -> units (weights already normalised per unit). */
  postings: Csr;
  /** Term -> documents: the trained article model, or the centroids when `trained` is false. */
  centroids: Csr;
  trained: boolean;
  /** Pinyin term -> units (titles, and questions of small packs, with Chinese text). */
  pinyin: Csr;
  synonyms: string[][];
  /** Runtime caches, rebuilt on demand (not serialised). */
  cache?: RuntimeCache;
}

interface RuntimeCache {
  wordSet: Set<string>;
  /** English word stems (sorted) for prefixes and fuzzy matching. */
  words: string[];
  /** fuse.js over the stems of each first letter, built when first needed. */
  fuse: Map<string, Fuse<string>>;
  syllables: Set<string>;
  synonymLookup: { folded: string; group: number }[];
  unitScore: Float32Array;
  centroidScore: Float32Array;
  docBest: Float32Array;
  /** Best unit per document during a query; -1 when the document was not reached. */
  docBestUnit: Int32Array;
}

/** The searchable parts of a pack: its articles and scripts. */
export function docsFromPack(pack: Pick<Pack, 'articles' | 'scripts'>): SearchDoc[] {
  const out: SearchDoc[] = [];
  for (const a of pack.articles ?? []) out.push(articleDoc(a));
  for (const s of pack.scripts ?? []) out.push(scriptDoc(s));
  return out;
}

/** An article as a search document. */
export function articleDoc(a: Article): SearchDoc {
  const d: SearchDoc = {
    id: a.id,
    kind: 'article',
    title: a.title,
    questions: a.questions,
    answer: a.answer,
  };
  if (a.tags) d.tags = a.tags;
  if (a.product) d.product = a.product;
  if (a.caseTypes) d.caseTypes = a.caseTypes;
  return d;
}

/** A script as a search document. */
export function scriptDoc(s: Script): SearchDoc {
  const d: SearchDoc = { id: s.id, kind: 'script', title: s.title, text: s.text, step: s.step };
  if (s.tags) d.tags = s.tags;
  if (s.caseTypes) d.caseTypes = s.caseTypes;
  if (s.channels) d.channels = s.channels;
  return d;
}

/** The texts of a document as units: [field, position, text]. */
function unitsOf(d: SearchDoc): [FieldName, number, string][] {
  const out: [FieldName, number, string][] = [];
  if (d.title) out.push(['title', 0, d.title]);
  d.questions?.forEach((q, i) => {
    if (q && q !== d.title) out.push(['question', i, q]);
  });
  if (d.answer && d.answer !== d.title) out.push(['answer', 0, d.answer]);
  if (d.text) out.push(['text', 0, d.text]);
  if (d.tags?.length) out.push(['tags', 0, d.tags.join(' | ')]);
  if (d.product) out.push(['product', 0, d.product]);
  return out;
}

/** Long free text (answers, script text) gets words and Chinese n-grams only: cheaper, less noise. */
function analyseOpts(field: FieldName, params: EngineParams, query: boolean): AnalyseOptions {
  const short =
    field === 'title' || field === 'question' || field === 'tags' || field === 'product';
  return {
    charGrams: short ? params.charGrams : 0,
    bigrams: short || query,
    segment: query,
    stopwords: short || query,
    unigrams: (short || query) && params.cjkUnigrams,
  };
}

function mergeParams(p?: Partial<EngineParams>): EngineParams {
  return {
    ...DEFAULT_PARAMS,
    ...p,
    kinds: { ...DEFAULT_PARAMS.kinds, ...p?.kinds },
    fields: { ...DEFAULT_PARAMS.fields, ...p?.fields },
  };
}

/** Sorts (row, id, weight) triples into compressed rows (a counting sort by row). */
function toCsr(rows: number, rowArr: Int32Array, idArr: Int32Array, wArr: Float32Array): Csr {
  const off = new Int32Array(rows + 1);
  for (let i = 0; i < rowArr.length; i++) off[rowArr[i]! + 1]!++;
  for (let r = 0; r < rows; r++) off[r + 1]! += off[r]!;
  const fill = off.slice(0, rows);
  const ids = new Int32Array(rowArr.length);
  const w = new Float32Array(rowArr.length);
  for (let i = 0; i < rowArr.length; i++) {
    const p = fill[rowArr[i]!]!++;
    ids[p] = idArr[i]!;
    w[p] = wArr[i]!;
  }
  return { off, ids, w };
}

type TypedArray = Int32Array | Uint32Array | Uint8Array | Float32Array;

/** A growable typed array. */
class Grow<T extends TypedArray> {
  a: T;
  n = 0;
  constructor(
    private readonly Ctor: new (n: number) => T,
    capacity = 1024,
  ) {
    this.a = new Ctor(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new this.Ctor(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): T {
    return this.a.slice(0, this.n) as T;
  }
}

/** Growable parallel arrays of (row, id, weight). */
class Triples {
  row = new Int32Array(1024);
  id = new Int32Array(1024);
  w = new Float32Array(1024);
  n = 0;
  push(row: number, id: number, w: number): void {
    if (this.n === this.row.length) {
      const grow = <T extends Int32Array | Float32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.row = grow(this.row);
      this.id = grow(this.id);
      this.w = grow(this.w);
    }
    this.row[this.n] = row;
    this.id[this.n] = id;
    this.w[this.n] = w;
    this.n++;
  }
  csr(rows: number): Csr {
    return toCsr(
      rows,
      this.row.subarray(0, this.n),
      this.id.subarray(0, this.n),
      this.w.subarray(0, this.n),
    );
  }
}

/** The term id of a token in a built index, or -1 (binary search over the sorted hashes). */
function termId(index: SearchIndex, t: string): number {
  const h = hashToken(t);
  const keys = index.keys;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < h) lo = mid + 1;
    else hi = mid;
  }
  return lo < keys.length && keys[lo] === h ? lo : -1;
}

/**
 * Sorts (key, value) pairs by key, stably: LSD radix on the top 24 bits (three 8-bit passes,
 * counting tables in cache), then each run of equal top bits (a handful of entries: keys are
 * hashes) put in order by an insertion sort. `spare` returns the other pair of arrays.
 */
function radixSortPairs(
  keys: Uint32Array,
  vals: Uint32Array,
): { keys: Uint32Array; vals: Uint32Array; spare: [Uint32Array, Uint32Array] } {
  const n = keys.length;
  let k1: Uint32Array = keys;
  let v1: Uint32Array = vals;
  let k2: Uint32Array = new Uint32Array(n);
  let v2: Uint32Array = new Uint32Array(n);
  const count = new Int32Array(256);
  for (let shift = 8; shift < 32; shift += 8) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(k1[i]! >>> shift) & 0xff]!++;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = k1[i]!;
      const p = count[(k >>> shift) & 0xff]!++;
      k2[p] = k;
      v2[p] = v1[i]!;
    }
    [k1, k2] = [k2, k1];
    [v1, v2] = [v2, v1];
  }
  for (let i = 1; i < n; i++) {
    const k = k1[i]!;
    // Only within a run of equal top bits, and only when out of order (stable: strict >).
    if (k1[i - 1]! <= k || k1[i - 1]! >>> 8 !== k >>> 8) continue;
    const v = v1[i]!;
    let j = i - 1;
    while (j >= 0 && k1[j]! > k && k1[j]! >>> 8 === k >>> 8) {
      k1[j + 1] = k1[j]!;
      v1[j + 1] = v1[j]!;
      j--;
    }
    k1[j + 1] = k;
    v1[j + 1] = v;
  }
  return { keys: k1, vals: v1, spare: [k2, v2] };
}

/**
 * Builds the index of a set of documents. Tokens are streamed as (key, unit) pairs and sorted by
 * key: each key's run is its posting list, already in unit order, so no token is looked up in a
 * vocabulary table (large packs have millions of tokens; those lookups were most of the build).
 */
export function buildIndex(docs: SearchDoc[], options: IndexOptions = {}): SearchIndex {
  let params = mergeParams(options.params);
  const lean = docs.length > params.leanAbove;
  // Large packs: the typo tolerance left is fuse.js over the vocabulary; bigrams carry Chinese.
  if (lean) params = { ...params, charGrams: 0, cjkUnigrams: false };
  const wordSet = new Set<string>();
  const syllableSet = new Set<string>();
  const tokenize = hashTokenizer((s) => wordSet.add(s));
  const pinyinKeys = pinyinKeyer((s) => syllableSet.add(s));
  // Pass 1: every token of every unit as (key, unit << 3 | kind), units in document order.
  // Sized from the text (about a token per Chinese character, fewer for English) so that large
  // packs do not copy millions of tokens while growing.
  let chars = 0;
  for (const d of docs) for (const u of unitsOf(d)) chars += u[2].length;
  const tokKeys = new Grow(Uint32Array, Math.min(chars, 1 << 24) >>> 1);
  const tokVals = new Grow(Uint32Array, Math.min(chars, 1 << 24) >>> 1);
  const pyKeys = new Grow(Uint32Array);
  const pyVals = new Grow(Uint32Array);
  const unitDoc = new Grow(Int32Array);
  const unitField = new Grow(Uint8Array);
  const unitPos = new Grow(Int32Array);
  let unit = 0;
  const emit = (key: number, kind: number): void => {
    tokKeys.push(key);
    tokVals.push((unit << 3) | kind);
  };
  docs.forEach((d, di) => {
    for (const [field, pos, text] of unitsOf(d)) {
      // Long free text of a large pack: its opening carries the topic; the rest would multiply
      // the build time (50k answers of a thousand characters) for little.
      const long = lean && (field === 'answer' || field === 'text');
      const folded = fold(long ? text.slice(0, params.leanTextChars) : text);
      const before = tokKeys.n;
      tokenize(folded, analyseOpts(field, params, false), emit);
      if (tokKeys.n === before) continue;
      unitDoc.push(di);
      unitField.push(FIELDS.indexOf(field));
      unitPos.push(pos);
      // Pinyin of titles (and of questions, below the large-pack size) for Latin queries.
      if ((field === 'title' || (field === 'question' && !lean)) && hasCjk(folded)) {
        pinyinKeys(folded, (key) => {
          pyKeys.push(key);
          pyVals.push(unit);
        });
      }
      unit++;
    }
  });
  const nUnits = unit;
  // Pass 2: sorted by key (stable, so units stay in order and a unit's repeats are adjacent).
  const tok = radixSortPairs(tokKeys.a.subarray(0, tokKeys.n), tokVals.a.subarray(0, tokVals.n));
  const py = radixSortPairs(pyKeys.done(), pyVals.done());
  // The vocabulary is the sorted union of both key sets (term id = position, so a query finds a
  // term by binary search); each term's run becomes its postings with counts.
  const N = tok.keys.length;
  const M = py.keys.length;
  const { keys: tk, vals: tv } = tok;
  const { keys: pk, vals: pv } = py;
  let distinct = 0;
  for (let a = 0, b = 0; a < N || b < M; distinct++) {
    const key = b >= M || (a < N && tk[a]! <= pk[b]!) ? tk[a]! : pk[b]!;
    while (a < N && tk[a] === key) a++;
    while (b < M && pk[b] === key) b++;
  }
  const vocab = new Grow(Uint32Array, distinct);
  const termKind = new Grow(Uint8Array, distinct);
  const postOff = new Grow(Int32Array, distinct + 1);
  const pyOff = new Grow(Int32Array, distinct + 1);
  postOff.push(0);
  pyOff.push(0);
  // Counts and weights go into the sort's scratch arrays (runs only shrink), copied out at the end.
  const postIds = new Int32Array(tok.spare[0].buffer, 0, N);
  const postW = new Float32Array(tok.spare[1].buffer, 0, N);
  const pyIds = new Int32Array(M);
  let i = 0;
  let j = 0;
  let p = 0;
  let q = 0;
  while (i < N || j < M) {
    const key = j >= M || (i < N && tk[i]! <= pk[j]!) ? tk[i]! : pk[j]!;
    vocab.push(key);
    let kind = 0;
    let last = -1;
    for (; i < N && tk[i] === key; i++) {
      const v = tv[i]!;
      const u = v >>> 3;
      kind = v & 7;
      if (u === last) postW[p - 1]!++;
      else {
        postIds[p] = u;
        postW[p++] = 1;
        last = u;
      }
    }
    postOff.push(p);
    termKind.push(kind);
    last = -1;
    for (; j < M && pk[j] === key; j++) {
      const u = pv[j]!;
      if (u !== last) pyIds[q++] = u;
      last = u;
    }
    pyOff.push(q);
  }
  const T = vocab.n;
  const off = postOff.a;
  const idf = new Float32Array(T);
  for (let t = 0; t < T; t++) idf[t] = Math.log(1 + nUnits / (1 + off[t + 1]! - off[t]!));
  // Pass 3: tf-idf weights, normalised per unit.
  const kindWeight = [...TOKEN_KINDS].map((k) => params.kinds[k] ?? 1);
  const unitNorm = new Float64Array(nUnits);
  for (let t = 0; t < T; t++) {
    const k = kindWeight[termKind.a[t]!]! * idf[t]!;
    for (let x = off[t]!; x < off[t + 1]!; x++) {
      const tf = postW[x]!;
      const v = tf === 1 ? k : k * (1 + Math.log(tf));
      postW[x] = v;
      unitNorm[postIds[x]!]! += v * v;
    }
  }
  for (let u = 0; u < nUnits; u++) unitNorm[u] = Math.sqrt(unitNorm[u]!) || 1;
  // Pass 4: the weights normalised, and in the same walk the centroids of each document's titles,
  // questions and script text, term by term (a term's units of one document are adjacent), so
  // straight into rows.
  const inCentroid = FIELDS.map((f) => f === 'title' || f === 'question' || f === 'text');
  const uField = unitField.a;
  const uDoc = unitDoc.a;
  // Per unit: the document whose centroid it feeds, or -1 (one lookup in the loop below).
  const centroidOf = new Int32Array(nUnits);
  for (let u = 0; u < nUnits; u++) centroidOf[u] = inCentroid[uField[u]!] ? uDoc[u]! : -1;
  const centOff = new Int32Array(T + 1);
  // Into the sorted token arrays, free by now (a document's centroid entry per posting at most).
  const centIds = { a: new Int32Array(tk.buffer, 0, N), n: 0 };
  const centW = { a: new Float32Array(tv.buffer, 0, N), n: 0 };
  const docNorm = new Float64Array(docs.length);
  const flush = (d: number, v: number): void => {
    centIds.a[centIds.n++] = d;
    centW.a[centW.n++] = v;
    docNorm[d]! += v * v;
  };
  for (let t = 0; t < T; t++) {
    let cur = -1;
    let acc = 0;
    for (let x = off[t]!; x < off[t + 1]!; x++) {
      const u = postIds[x]!;
      postW[x]! /= unitNorm[u]!;
      const d = centroidOf[u]!;
      if (d < 0) continue;
      if (d !== cur) {
        if (cur >= 0) flush(cur, acc);
        cur = d;
        acc = 0;
      }
      acc += postW[x]!;
    }
    if (cur >= 0) flush(cur, acc);
    centOff[t + 1] = centIds.n;
  }
  for (let k = 0; k < centIds.n; k++) centW.a[k]! /= Math.sqrt(docNorm[centIds.a[k]!]!) || 1;
  const centroidCsr: Csr = {
    off: centOff,
    ids: centIds.a.slice(0, centIds.n),
    w: centW.a.slice(0, centW.n),
  };
  const postings: Csr = { off: postOff.done(), ids: postIds.slice(0, p), w: postW.slice(0, p) };
  const model = willTrain(docs.length, nUnits, params)
    ? trainModel(
        T,
        docs.length,
        unitVectors(postings, uDoc, uField, nUnits, inCentroid),
        centroidCsr,
        params,
      )
    : centroidCsr;
  const index: SearchIndex = {
    version: 2,
    params,
    docs,
    keys: vocab.done(),
    words: [...wordSet].sort(),
    syllables: [...syllableSet].sort(),
    idf,
    unitDoc: unitDoc.done(),
    unitField: unitField.done(),
    unitPos: unitPos.done(),
    postings,
    centroids: model,
    trained: model !== centroidCsr,
    pinyin: { off: pyOff.done(), ids: pyIds.slice(0, q), w: new Float32Array(q).fill(1) },
    synonyms: (options.synonyms ?? []).filter((g) => g.length >= 2),
  };
  if (options.locale) index.locale = options.locale;
  index.cache = makeCache(index);
  return index;
}

/** The vectors of the units that train the article model (the postings, transposed). */
function unitVectors(
  postings: Csr,
  unitDoc: Int32Array,
  unitField: Uint8Array,
  nUnits: number,
  inCentroid: boolean[],
): { ids: Int32Array; x: Float32Array; doc: number }[] {
  const { off, ids, w } = postings;
  const start = new Int32Array(nUnits + 1);
  for (let x = 0; x < ids.length; x++) start[ids[x]! + 1]!++;
  for (let u = 0; u < nUnits; u++) start[u + 1]! += start[u]!;
  const fill = start.slice(0, nUnits);
  const terms = new Int32Array(ids.length);
  const vals = new Float32Array(ids.length);
  for (let t = 0; t + 1 < off.length; t++) {
    for (let x = off[t]!; x < off[t + 1]!; x++) {
      const at = fill[ids[x]!]!++;
      terms[at] = t;
      vals[at] = w[x]!;
    }
  }
  const out: { ids: Int32Array; x: Float32Array; doc: number }[] = [];
  for (let u = 0; u < nUnits; u++) {
    if (!inCentroid[unitField[u]!]) continue;
    out.push({
      ids: terms.subarray(start[u]!, start[u + 1]!),
      x: vals.subarray(start[u]!, start[u + 1]!),
      doc: unitDoc[u]!,
    });
  }
  return out;
}

/** Whether to train the article model: enough variants per article, a bounded dense step. */
function willTrain(A: number, units: number, params: EngineParams): boolean {
  // At least ~1,000 vocabulary rows per article must fit the dense step.
  return params.epochs > 0 && A >= 2 && units >= 2 * A && A * 1000 <= params.maxModelCells;
}

/**
 * Turns the centroids into a small linear model of which words point to which article:
 * softmax regression over the question variants, started from the centroids. Words shared by
 * several articles lose weight where they mislead, distinctive words gain. Skipped (centroids
 * kept) when articles have too few variants to learn from or the dense step would not fit.
 */
function trainModel(
  V: number,
  A: number,
  input: { ids: Int32Array; x: Float32Array; doc: number }[],
  centroids: Csr,
  params: EngineParams,
): Csr {
  const n = input.length;
  if (!willTrain(A, n, params)) return centroids;
  // Dense rows only for the buckets the centroids use.
  const compact = new Int32Array(V).fill(-1);
  const used: number[] = [];
  for (let t = 0; t < V; t++) {
    if (centroids.off[t + 1]! > centroids.off[t]!) {
      compact[t] = used.length;
      used.push(t);
    }
  }
  const Vc = used.length;
  if (Vc * A > params.maxModelCells) return centroids;
  const examples = input.map((e) => ({ ...e, ids: e.ids.map((t) => compact[t]!) }));
  let nnz = 0;
  for (const e of examples) nnz += e.ids.length;
  // Cost bound: keep training to a few hundred million multiply-adds.
  const epochs = Math.max(
    1,
    Math.min(params.epochs, Math.floor(params.trainBudget / (2 * nnz * A))),
  );
  const W = new Float32Array(Vc * A);
  for (let c = 0; c < Vc; c++) {
    const t = used[c]!;
    for (let k = centroids.off[t]!; k < centroids.off[t + 1]!; k++)
      W[c * A + centroids.ids[k]!] = centroids.w[k]!;
  }
  const s = new Float64Array(A);
  const active = new Int32Array(A);
  const step = new Float64Array(A);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let seed = 12345;
  const rand = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const { learningRate: lr, temperature: temp } = params;
  for (let e = 0; e < epochs; e++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const tmp = order[i]!;
      order[i] = order[j]!;
      order[j] = tmp;
    }
    for (let oi = 0; oi < n; oi++) {
      const { ids, x, doc } = examples[order[oi]!]!;
      s.fill(0);
      for (let k = 0; k < ids.length; k++) {
        const base = ids[k]! * A;
        const xv = x[k]!;
        for (let a = 0; a < A; a++) s[a]! += xv * W[base + a]!;
      }
      let max = -Infinity;
      for (let a = 0; a < A; a++) if (s[a]! > max) max = s[a]!;
      let z = 0;
      for (let a = 0; a < A; a++) {
        const p = Math.exp(temp * (s[a]! - max));
        s[a] = p;
        z += p;
      }
      // Gradient: only the articles it moves, applied row by row (contiguous in W).
      let m = 0;
      for (let a = 0; a < A; a++) {
        const g = s[a]! / z - (a === doc ? 1 : 0);
        if (g > -1e-4 && g < 1e-4) continue;
        active[m] = a;
        step[m++] = lr * g;
      }
      for (let k = 0; k < ids.length; k++) {
        const base = ids[k]! * A;
        const xv = x[k]!;
        for (let i = 0; i < m; i++) W[base + active[i]!]! -= step[i]! * xv;
      }
    }
  }
  // Sparse again: per term, only weights that matter next to its largest one.
  const out = new Triples();
  for (let c = 0; c < Vc; c++) {
    const base = c * A;
    let max = 0;
    for (let a = 0; a < A; a++) max = Math.max(max, Math.abs(W[base + a]!));
    const keep = Math.max(1e-3, params.modelPrune * max);
    for (let a = 0; a < A; a++) {
      const v = W[base + a]!;
      if (v > keep || v < -keep) out.push(used[c]!, a, v);
    }
  }
  return out.csr(V);
}

function makeCache(index: SearchIndex): RuntimeCache {
  const words = index.words;
  const syllables = new Set(index.syllables);
  const synonymLookup: { folded: string; group: number }[] = [];
  index.synonyms.forEach((g, gi) => {
    for (const s of g) synonymLookup.push({ folded: fold(s).trim(), group: gi });
  });
  // Longest phrases first, so "credit card" is found before "card".
  synonymLookup.sort((a, b) => b.folded.length - a.folded.length);
  return {
    wordSet: new Set(words),
    words,
    fuse: new Map(),
    syllables,
    synonymLookup,
    unitScore: new Float32Array(index.unitDoc.length),
    centroidScore: new Float32Array(index.docs.length),
    docBest: new Float32Array(index.docs.length),
    docBestUnit: new Int32Array(index.docs.length).fill(-1),
  };
}

function cacheOf(index: SearchIndex): RuntimeCache {
  return (index.cache ??= makeCache(index));
}

/** Why a hit matched: the field, which variant, and spans [start, end) in its original text. */
export interface Hit {
  id: string;
  kind: DocKind;
  score: number;
  field: FieldName;
  /** For `question`: which variant matched. */
  variant?: number;
  /** The original text of that field (the variant for questions). */
  text: string;
  spans: [number, number][];
}

export interface SearchOptions {
  limit?: number;
  /** The CRM context: documents fitting its case type, product and channel rank higher. */
  context?: CaseContext;
  /** How often the agent accepted each document before (id -> count). */
  accepted?: ReadonlyMap<string, number> | Record<string, number>;
  /** Only this kind of document. */
  kind?: DocKind;
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
  const add = (t: string, w: number): void => {
    const id = termId(index, t);
    if (id < 0 || index.postings.off[id + 1] === index.postings.off[id]) return;
    const cur = weights.get(id);
    if (cur) cur.c += w;
    else weights.set(id, { c: w, kw: params.kinds[t[0]!] ?? 1 });
  };
  const opts = analyseOpts('question', params, true);
  const tokens = analyse(folded, opts);
  for (const tok of tokens) add(tok.t, tok.w);
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
  // Pack synonyms: every phrase found in the query brings in the other phrases of its group.
  const used = new Set<number>();
  for (const { folded: phrase, group } of cache.synonymLookup) {
    if (used.has(group) || !phrase || !containsPhrase(folded, phrase)) continue;
    used.add(group);
    for (const other of index.synonyms[group]!) {
      const f = fold(other).trim();
      if (f === phrase) continue;
      for (const tok of analyse(f, opts)) add(tok.t, params.expansion * tok.w);
    }
  }
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

/** Chinese phrases match anywhere; Latin phrases only as whole words. */
function containsPhrase(text: string, phrase: string): boolean {
  if (hasCjk(phrase)) return text.includes(phrase);
  let i = text.indexOf(phrase);
  while (i >= 0) {
    const before = i === 0 || !/[a-z0-9]/.test(text[i - 1]!);
    const after = i + phrase.length >= text.length || !/[a-z0-9]/.test(text[i + phrase.length]!);
    if (before && after) return true;
    i = text.indexOf(phrase, i + 1);
  }
  return false;
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

function acceptedCount(accepted: SearchOptions['accepted'], id: string): number {
  if (!accepted) return 0;
  if (accepted instanceof Map) return accepted.get(id) ?? 0;
  return (accepted as Record<string, number>)[id] ?? 0;
}

/** 1 + boost per context field the document fits (case type, product, channel). */
function contextFactor(
  d: SearchDoc,
  ctx: CaseContext | undefined,
  boost: number,
  p = ctx?.product ? fold(ctx.product).trim() : '',
): number {
  if (!ctx) return 1;
  let n = 0;
  if (ctx.caseType && d.caseTypes?.includes(ctx.caseType)) n++;
  if (ctx.channel && d.channels?.includes(ctx.channel)) n++;
  if (p) {
    const fits =
      (d.product && (fold(d.product).includes(p) || p.includes(fold(d.product)))) ||
      d.tags?.some((t) => fold(t) === p);
    if (fits) n++;
  }
  return 1 + boost * n;
}

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
  const cache = cacheOf(index);
  const { params } = index;
  const { terms, tokens } = queryTerms(index, folded);
  const { unitScore, centroidScore, docBest, docBestUnit } = cache;
  const touchedUnits: number[] = [];
  const touchedDocs: number[] = [];
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
  // Best unit per document.
  const fieldWeight = FIELDS.map((f) => params.fields[f]);
  for (const u of touchedUnits) {
    const d = index.unitDoc[u]!;
    const s = unitScore[u]! * fieldWeight[index.unitField[u]!]!;
    unitScore[u] = 0;
    if (docBestUnit[d] === -1) {
      touchedDocs.push(d);
      docBest[d] = s;
      docBestUnit[d] = u;
    } else if (s > docBest[d]!) {
      docBest[d] = s;
      docBestUnit[d] = u;
    }
  }
  const share = index.trained ? params.unitShare : params.unitShareUntrained;
  const ctx = options.context;
  const ctxProduct = ctx?.product ? fold(ctx.product).trim() : '';
  const accepted = options.accepted;
  const results: Scored[] = [];
  let floor = -Infinity;
  const keep = Math.max(limit, 1) * 4;
  for (const d of touchedDocs) {
    const doc = index.docs[d]!;
    let score = share * docBest[d]! + (1 - share) * centroidScore[d]!;
    const unit = docBestUnit[d]!;
    docBestUnit[d] = -1;
    docBest[d] = 0;
    if (options.kind && doc.kind !== options.kind) continue;
    if (ctx) score *= contextFactor(doc, ctx, params.contextBoost, ctxProduct);
    const n = acceptedCount(accepted, doc.id);
    if (n > 0) score *= 1 + params.acceptedBoost * Math.log2(1 + n);
    if (score <= floor) continue;
    results.push({ doc: d, score, unit });
    // Keep the candidate list short in large indexes: prune to the best few when it grows.
    if (results.length > 4 * keep) {
      results.sort((a, b) => b.score - a.score);
      results.length = keep;
      floor = results[keep - 1]!.score;
    }
  }
  resetCentroidScores(index, terms, params, shortest);
  // Pinyin: a Latin query may be initials or syllables of a Chinese title or question.
  if (!hasCjk(folded) && index.pinyin.ids.length > 0) {
    const py: Scored[] = [];
    addPinyin(index, folded, py);
    for (const p of py) {
      const doc = index.docs[p.doc]!;
      if (options.kind && doc.kind !== options.kind) continue;
      if (ctx) p.score *= contextFactor(doc, ctx, params.contextBoost, ctxProduct);
      const n = acceptedCount(accepted, doc.id);
      if (n > 0) p.score *= 1 + params.acceptedBoost * Math.log2(1 + n);
      const r = results.find((x) => x.doc === p.doc);
      if (!r) results.push(p);
      else if (p.score > r.score) Object.assign(r, p);
    }
  }
  results.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return results.slice(0, limit).map((r) => toHit(index, r, tokens, folded));
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

function unitText(d: SearchDoc, field: FieldName, pos: number): string {
  switch (field) {
    case 'title':
      return d.title;
    case 'question':
      return d.questions?.[pos] ?? '';
    case 'answer':
      return d.answer ?? '';
    case 'text':
      return d.text ?? '';
    case 'tags':
      return (d.tags ?? []).join(' | ');
    case 'product':
      return d.product ?? '';
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

export interface SuggestOptions {
  limit?: number;
  accepted?: SearchOptions['accepted'];
  kind?: DocKind;
  /** Recent conversation text (e.g. the customer's last turns): ranks by it, with the context. */
  text?: string;
}

/**
 * Context suggestions without a typed query: documents fitting the case type, product and
 * channel, then those the agent accepted most; with `text`, a search over it boosted by context.
 */
export function suggest(
  index: SearchIndex,
  context: CaseContext,
  options: SuggestOptions = {},
): Hit[] {
  const limit = options.limit ?? 5;
  if (options.text && options.text.trim()) {
    const opts: SearchOptions = { limit, context };
    if (options.accepted) opts.accepted = options.accepted;
    if (options.kind) opts.kind = options.kind;
    const hits = search(index, options.text, opts);
    if (hits.length > 0) return hits;
  }
  const { params } = index;
  const scored: { doc: number; score: number }[] = [];
  index.docs.forEach((d, i) => {
    if (options.kind && d.kind !== options.kind) return;
    const fit = contextFactor(d, context, 1) - 1;
    const n = acceptedCount(options.accepted, d.id);
    if (fit === 0 && n === 0) return;
    scored.push({
      doc: i,
      score: fit * params.contextBoost + params.acceptedBoost * Math.log2(1 + n),
    });
  });
  scored.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return scored.slice(0, limit).map(({ doc, score }) => {
    const d = index.docs[doc]!;
    return {
      id: d.id,
      kind: d.kind,
      score: Number(score.toFixed(6)),
      field: 'title',
      text: d.title,
      spans: [],
    };
  });
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_CODE = new Uint8Array(128);
for (let i = 0; i < B64.length; i++) B64_CODE[B64.charCodeAt(i)] = i;

/** Base64 of a typed array's bytes (little-endian, as every browser and Node lays them out). */
function toBase64(a: TypedArray): string {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const parts: string[] = [];
  const codes: number[] = [];
  const flush = (): void => {
    parts.push(String.fromCharCode(...codes));
    codes.length = 0;
  };
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    codes.push(
      B64.charCodeAt(n >>> 18),
      B64.charCodeAt((n >>> 12) & 63),
      B64.charCodeAt((n >>> 6) & 63),
      B64.charCodeAt(n & 63),
    );
    if (codes.length >= 8192) flush();
  }
  const rest = b.length - i;
  if (rest > 0) {
    const n = (b[i]! << 16) | ((rest > 1 ? b[i + 1]! : 0) << 8);
    codes.push(B64.charCodeAt(n >>> 18), B64.charCodeAt((n >>> 12) & 63));
    codes.push(rest > 1 ? B64.charCodeAt((n >>> 6) & 63) : 61, 61);
  }
  flush();
  return parts.join('');
}

/** The bytes of a base64 string, in a fresh (aligned) buffer. */
function fromBase64(s: string): ArrayBuffer {
  let len = (s.length / 4) * 3;
  if (s.endsWith('==')) len -= 2;
  else if (s.endsWith('=')) len -= 1;
  const out = new Uint8Array(len);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const n =
      (B64_CODE[s.charCodeAt(i)]! << 18) |
      (B64_CODE[s.charCodeAt(i + 1)]! << 12) |
      (B64_CODE[s.charCodeAt(i + 2) & 127]! << 6) |
      B64_CODE[s.charCodeAt(i + 3) & 127]!;
    if (o < len) out[o++] = n >>> 16;
    if (o < len) out[o++] = (n >>> 8) & 255;
    if (o < len) out[o++] = n & 255;
  }
  return out.buffer;
}

/**
 * Compact JSON of an index, to store it (e.g. in IndexedDB) instead of rebuilding it: the
 * documents as they are, every numeric table as base64 of its typed array.
 */
export function indexToJSON(index: SearchIndex): object {
  const csr = (c: Csr) => ({ off: toBase64(c.off), ids: toBase64(c.ids), w: toBase64(c.w) });
  return {
    version: index.version,
    locale: index.locale,
    params: index.params,
    docs: index.docs,
    keys: toBase64(index.keys),
    words: index.words,
    syllables: index.syllables,
    unitDoc: toBase64(index.unitDoc),
    unitField: toBase64(index.unitField),
    unitPos: toBase64(index.unitPos),
    postings: csr(index.postings),
    centroids: csr(index.centroids),
    trained: index.trained,
    pinyin: csr(index.pinyin),
    synonyms: index.synonyms,
  };
}

/** Restores an index stored with `indexToJSON`; no text is analysed again. */
export function indexFromJSON(json: unknown): SearchIndex {
  const j = json as Record<string, unknown> & { version?: number };
  if (!j || j.version !== 2) throw new Error('not a stored search index (version 2)');
  const i32 = (s: unknown): Int32Array => new Int32Array(fromBase64(s as string));
  const csr = (c: { off: string; ids: string; w: string }): Csr => ({
    off: i32(c.off),
    ids: i32(c.ids),
    w: new Float32Array(fromBase64(c.w)),
  });
  const postings = csr(j.postings as never);
  const unitDoc = i32(j.unitDoc);
  // idf follows from the posting list lengths: not stored.
  const T = postings.off.length - 1;
  const idf = new Float32Array(T);
  for (let t = 0; t < T; t++)
    idf[t] = Math.log(1 + unitDoc.length / (1 + postings.off[t + 1]! - postings.off[t]!));
  const index: SearchIndex = {
    version: 2,
    params: mergeParams(j.params as Partial<EngineParams>),
    docs: j.docs as SearchDoc[],
    keys: new Uint32Array(fromBase64(j.keys as string)),
    words: j.words as string[],
    syllables: j.syllables as string[],
    idf,
    unitDoc,
    unitField: new Uint8Array(fromBase64(j.unitField as string)),
    unitPos: i32(j.unitPos),
    postings,
    centroids: csr(j.centroids as never),
    trained: j.trained === true,
    pinyin: csr(j.pinyin as never),
    synonyms: (j.synonyms as string[][]) ?? [],
  };
  if (j.locale) index.locale = j.locale as Locale;
  return index;
}

/** An index as plain data with its typed arrays as they are (IndexedDB stores them directly). */
export type StoredIndex = Omit<SearchIndex, 'cache'>;

/** The index for IndexedDB: no runtime caches, no base64 (cheaper than `indexToJSON` both ways). */
export function indexToRecord(index: SearchIndex): StoredIndex {
  const { cache: _cache, ...stored } = index;
  return stored;
}

/** Restores an index kept with `indexToRecord`; throws on anything else (a stale format). */
export function indexFromRecord(record: unknown): SearchIndex {
  const r = record as Partial<StoredIndex> | null;
  const csrOk = (c: unknown): boolean => {
    const x = c as Partial<Csr> | undefined;
    return (
      x?.off instanceof Int32Array && x.ids instanceof Int32Array && x.w instanceof Float32Array
    );
  };
  if (
    !r ||
    r.version !== 2 ||
    !(r.keys instanceof Uint32Array) ||
    !(r.idf instanceof Float32Array) ||
    !(r.unitDoc instanceof Int32Array) ||
    !Array.isArray(r.docs) ||
    !csrOk(r.postings) ||
    !csrOk(r.centroids) ||
    !csrOk(r.pinyin) ||
    r.postings!.off.length !== r.keys.length + 1
  ) {
    throw new Error('not a stored search index (version 2)');
  }
  return { ...(r as StoredIndex), params: mergeParams(r.params) };
}
