/**
 * The offline knowledge search's document model and index types: one engine for the typeahead
 * box and for context suggestions.
 *
 * Model: every searchable text of a document (title, each question variant, answer, tags, product;
 * a script's title and text) is a *unit*. Units are tf-idf vectors over several token kinds
 * (English stems, stopwords, word bigrams, character trigrams; Chinese characters and bigrams), all
 * on folded text, hashed to 32-bit keys (the stored vocabulary). A document's score blends its best
 * unit (field-weighted cosine) with an article model: the centroid of its title and question
 * variants, refined by softmax training over those variants when there are enough of them. On
 * top: pack synonyms, typo tolerance and unfinished words, pinyin for Latin queries over Chinese
 * text, boosts for the CRM context and for what the agent accepted before.
 *
 * Modules: tokens, hash, pinyin (text analysis); build (the index, with radix and csr); train
 * (the article model); query (`search`: scoring and spans); suggest (no query); store (the record
 * kept in IndexedDB). API: `buildIndex(docsFromPack(pack), {synonyms, locale})` once, then
 * `search(index, query, options)` and `suggest(index, context, options)` -> `Hit[]`.
 */
import type Fuse from 'fuse.js';
import { fold } from '../text/fold.ts';
import type { Article, Pack, Script } from '../authoring/pack.ts';
import type { AnalyseOptions } from './tokens.ts';
import { hashToken } from './hash.ts';
import type { LearnedPick } from './learned.ts';
import { lexiconGroups } from './lexicon.ts';
import { mainlandToRegional, phraseTable, type PhraseTable } from '../text/regional.ts';
import type { CaseContext, Locale } from '../types.ts';

export type DocKind = 'article' | 'script';
export type FieldName = 'title' | 'question' | 'answer' | 'tags' | 'product' | 'text';
/** Field names by their number in `unitField`. */
export const FIELDS: FieldName[] = ['title', 'question', 'answer', 'tags', 'product', 'text'];

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
  /** Weight of the other matching passages of a document's answer, added to its best unit. */
  otherUnits: number;
  /** Weight of the lesser of the best answer passage and the best other unit, added too. */
  bothFields: number;
  /** Character n-grams of English words, lengths 3..charGrams (0: none). */
  charGrams: number;
  /** Weight of query terms added by synonyms, fuzzy matching and prefixes. */
  expansion: number;
  /** Weight of query terms added by the engine's own synonyms (`lexicon.ts`); 0 turns them off. */
  lexicon: number;
  /** Weight of a query's Taiwan / Hong Kong words in mainland form and back (OpenCC tables). */
  regional: number;
  /** Queries up to this long (Chinese characters, an English word as two) take synonyms in full. */
  expansionLength: number;
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
  /** A query word the index knows: its character n-grams with longer posting lists are skipped. */
  maxGramPostings: number;
  /** Multiplier per matching context field (case type, product, channel). */
  contextBoost: number;
  /** Multiplier per doubling of earlier acceptances. */
  acceptedBoost: number;
  /** A learned pick's lift, as a share of the best score (see knowledge/search/learned.ts). */
  learnedBoost: number;
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

/**
 * Bumped whenever the analysis, the units or the default weights change, so that an index built
 * by an earlier engine (kept across sidebar opens) is rebuilt rather than searched as it was.
 */
export const ENGINE_REVISION = 5;

/** The engine's default weights. */
export const DEFAULT_PARAMS: EngineParams = {
  kinds: { w: 1, s: 0.5, b: 0.6, c: 0.25, u: 0.8, z: 1 },
  fields: { title: 1, question: 1, answer: 1.5, tags: 0.8, product: 0.6, text: 0.8 },
  unitShare: 0.1,
  unitShareUntrained: 0.75,
  otherUnits: 0.15,
  bothFields: 1,
  charGrams: 3,
  expansion: 0.7,
  lexicon: 0.7,
  expansionLength: 12,
  regional: 0.7,
  pinyin: 0.8,
  cjkUnigrams: true,
  leanAbove: 20_000,
  leanTextChars: 300,
  maxPostings: 20_000,
  maxGramPostings: 1_000,
  contextBoost: 0.15,
  acceptedBoost: 0.1,
  learnedBoost: 1.2,
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
export interface Csr {
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

/** A synonym phrase of the pack's groups or of the engine's own. */
export interface SynonymPhrase {
  folded: string;
  /** The phrases of its group, folded. */
  group: string[];
  weight: number;
}

/** Per-index lookups and scratch buffers of queries. */
export interface RuntimeCache {
  wordSet: Set<string>;
  /** English word stems (sorted) for prefixes and fuzzy matching. */
  words: string[];
  /** fuse.js over the stems of each first letter, built when first needed. */
  fuse: Map<string, Fuse<string>>;
  syllables: Set<string>;
  /** Every synonym phrase, folded, longest first, with its group and the weight it adds at. */
  synonymLookup: SynonymPhrase[];
  /** Query tokens of synonym phrases, analysed once (the segmenter is slow per call). */
  phraseTokens: Map<string, { t: string; w: number }[]>;
  /** Regional phrase tables both ways for Chinese indexes (regional -> mainland, and back). */
  regional: PhraseTable[];
  unitScore: Float32Array;
  centroidScore: Float32Array;
  /** Best answer passage and best other unit of the document for the current query. */
  docBestA: Float32Array;
  docBestQ: Float32Array;
  /** Sum of the document's answer passages' scores (field-weighted) for the current query. */
  docSum: Float32Array;
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

const PASSAGE_MIN = 24;
const PASSAGE_MAX = 160;
const PASSAGE_END = /[。！？；!?;\n]+/g;

/**
 * An answer's passages as [offset, text]: split after sentence ends and line breaks, short pieces
 * joined to the next, so that a detail deep in a long answer is scored where it sits rather than
 * diluted by the whole answer. An answer of one passage is returned whole.
 */
export function passages(text: string): [number, string][] {
  const cuts = [0];
  for (const m of text.matchAll(PASSAGE_END)) cuts.push(m.index + m[0].length);
  if (cuts[cuts.length - 1] !== text.length) cuts.push(text.length);
  const out: [number, string][] = [];
  let start = 0;
  for (let i = 1; i < cuts.length; i++) {
    const end = cuts[i]!;
    const last = i === cuts.length - 1;
    if (!last && end - start < PASSAGE_MIN) continue;
    // A short tail joins the passage before it.
    const prev = out[out.length - 1];
    if (last && end - start < PASSAGE_MIN && prev && end - prev[0] <= PASSAGE_MAX) {
      out[out.length - 1] = [prev[0], text.slice(prev[0], end)];
    } else out.push([start, text.slice(start, end)]);
    start = end;
  }
  return out.filter(([, t]) => t.trim() !== '');
}

/**
 * The texts of a document as units: [field, position, text]. An answer is one unit per passage
 * (position: its offset) unless `wholeAnswers` (large packs, where answers are cut short anyway).
 */
export function unitsOf(d: SearchDoc, wholeAnswers = false): [FieldName, number, string][] {
  const out: [FieldName, number, string][] = [];
  if (d.title) out.push(['title', 0, d.title]);
  d.questions?.forEach((q, i) => {
    if (q && q !== d.title) out.push(['question', i, q]);
  });
  if (d.answer && d.answer !== d.title) {
    if (wholeAnswers) out.push(['answer', 0, d.answer]);
    else for (const [pos, text] of passages(d.answer)) out.push(['answer', pos, text]);
  }
  if (d.text) out.push(['text', 0, d.text]);
  if (d.tags?.length) out.push(['tags', 0, d.tags.join(' | ')]);
  if (d.product) out.push(['product', 0, d.product]);
  return out;
}

/** Long free text (answers, script text) gets words and Chinese n-grams only: cheaper, less noise. */
export function analyseOpts(
  field: FieldName,
  params: EngineParams,
  query: boolean,
): AnalyseOptions {
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

/** The default weights with the given ones over them. */
export function mergeParams(p?: Partial<EngineParams>): EngineParams {
  return {
    ...DEFAULT_PARAMS,
    ...p,
    kinds: { ...DEFAULT_PARAMS.kinds, ...p?.kinds },
    fields: { ...DEFAULT_PARAMS.fields, ...p?.fields },
  };
}

/** The term id of a token in a built index, or -1 (binary search over the sorted hashes). */
export function termId(index: SearchIndex, t: string): number {
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

/** Builds the runtime caches of an index (lookups and per-query scratch buffers). */
export function makeCache(index: SearchIndex): RuntimeCache {
  const words = index.words;
  const syllables = new Set(index.syllables);
  const synonymLookup: SynonymPhrase[] = [];
  const addGroups = (groups: string[][], weight: number): void => {
    if (weight <= 0) return;
    for (const g of groups) {
      const group = g.map((p) => fold(p).trim()).filter(Boolean);
      for (const folded of group) synonymLookup.push({ folded, group, weight });
    }
  };
  addGroups(index.synonyms, index.params.expansion);
  // The engine's own: they act on queries only, so they are read here, not kept in the index.
  addGroups(lexiconGroups(index.locale), index.params.lexicon);
  // Longest phrases first, so "credit card" is found before "card".
  synonymLookup.sort((a, b) => b.folded.length - a.folded.length);
  return {
    wordSet: new Set(words),
    words,
    fuse: new Map(),
    syllables,
    synonymLookup,
    phraseTokens: new Map(),
    // Built here, with the index, rather than on the first keystroke (about 10 ms).
    regional: index.locale === 'zh-CN' ? [phraseTable(), mainlandToRegional()] : [],
    unitScore: new Float32Array(index.unitDoc.length),
    centroidScore: new Float32Array(index.docs.length),
    docBestA: new Float32Array(index.docs.length),
    docBestQ: new Float32Array(index.docs.length),
    docSum: new Float32Array(index.docs.length),
    docBestUnit: new Int32Array(index.docs.length).fill(-1),
  };
}

/** The runtime caches of an index, built when first needed (e.g. after a restore). */
export function cacheOf(index: SearchIndex): RuntimeCache {
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
  /** The agent's earlier picks with the words that led to them (knowledge/search/learned.ts). */
  learned?: readonly LearnedPick[];
}

/** The original text of a unit: a document's field (a question by its position). */
export function unitText(d: SearchDoc, field: FieldName, pos: number): string {
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
