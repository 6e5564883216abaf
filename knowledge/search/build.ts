/**
 * Builds the search index: every unit's tokens as tf-idf vectors over hashed term keys (the
 * postings), the centroid of each document's titles, questions and script text, pinyin keys of
 * Chinese titles and questions, then the article model trained over the question variants.
 */
import { fold } from '../text/fold.ts';
import { hasCjk } from './tokens.ts';
import { hashTokenizer, TOKEN_KINDS } from './hash.ts';
import { pinyinKeyer } from './pinyin.ts';
import { Grow } from './csr.ts';
import { radixSortPairs } from './radix.ts';
import { trainModel, unitVectors, willTrain } from './train.ts';
import {
  type Csr,
  type EngineParams,
  type IndexOptions,
  type SearchDoc,
  type SearchIndex,
  analyseOpts,
  FIELDS,
  makeCache,
  mergeParams,
  unitsOf,
} from './model.ts';

/** Pass 1's output: every token as (key, unit << 3 | kind), pinyin as (key, unit), the units. */
interface Streamed {
  tokKeys: Grow<Uint32Array>;
  tokVals: Grow<Uint32Array>;
  pyKeys: Grow<Uint32Array>;
  pyVals: Grow<Uint32Array>;
  unitDoc: Grow<Int32Array>;
  unitField: Grow<Uint8Array>;
  unitPos: Grow<Int32Array>;
  nUnits: number;
  words: Set<string>;
  syllables: Set<string>;
}

/** Pass 2's output: the vocabulary, each term's kind, postings with counts, pinyin postings. */
interface Terms {
  vocab: Grow<Uint32Array>;
  termKind: Grow<Uint8Array>;
  postOff: Grow<Int32Array>;
  postIds: Int32Array;
  postW: Float32Array;
  nPost: number;
  pyOff: Grow<Int32Array>;
  pyIds: Int32Array;
  nPy: number;
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
  const st = streamTokens(docs, params, lean);
  const { nUnits } = st;
  // Pass 2: sorted by key (stable, so units stay in order and a unit's repeats are adjacent).
  const tok = radixSortPairs(
    st.tokKeys.a.subarray(0, st.tokKeys.n),
    st.tokVals.a.subarray(0, st.tokVals.n),
  );
  const py = radixSortPairs(st.pyKeys.done(), st.pyVals.done());
  const terms = mergeRuns(tok, py);
  const T = terms.vocab.n;
  const { idf, unitNorm } = weighPostings(terms, params, nUnits, st.unitDoc.a, docs.length);
  const uField = st.unitField.a;
  const uDoc = st.unitDoc.a;
  // Into the sorted token arrays, free by now (a document's centroid entry per posting at most).
  const scratch = {
    ids: new Int32Array(tok.keys.buffer, 0, tok.keys.length),
    w: new Float32Array(tok.vals.buffer, 0, tok.vals.length),
  };
  const centroidCsr = normaliseAndCentroids(terms, unitNorm, uDoc, uField, docs.length, scratch);
  const { postIds, postW, nPost: p, pyIds, nPy: q } = terms;
  const postings: Csr = {
    off: terms.postOff.done(),
    ids: postIds.slice(0, p),
    w: postW.slice(0, p),
  };
  const model = willTrain(docs.length, nUnits, params)
    ? trainModel(
        T,
        docs.length,
        unitVectors(postings, uDoc, uField, nUnits, IN_CENTROID),
        centroidCsr,
        params,
      )
    : centroidCsr;
  const index: SearchIndex = {
    version: 2,
    params,
    docs,
    keys: terms.vocab.done(),
    words: [...st.words].sort(),
    syllables: [...st.syllables].sort(),
    idf,
    unitDoc: st.unitDoc.done(),
    unitField: st.unitField.done(),
    unitPos: st.unitPos.done(),
    postings,
    centroids: model,
    trained: model !== centroidCsr,
    pinyin: { off: terms.pyOff.done(), ids: pyIds.slice(0, q), w: new Float32Array(q).fill(1) },
    synonyms: (options.synonyms ?? []).filter((g) => g.length >= 2),
  };
  if (options.locale) index.locale = options.locale;
  index.cache = makeCache(index);
  return index;
}

/**
 * Pass 1: every token of every unit as (key, unit << 3 | kind), units in document order, and
 * the pinyin keys of Chinese titles (and questions, below the large-pack size).
 */
function streamTokens(docs: SearchDoc[], params: EngineParams, lean: boolean): Streamed {
  const words = new Set<string>();
  const syllables = new Set<string>();
  const tokenize = hashTokenizer((s) => words.add(s));
  const pinyinKeys = pinyinKeyer((s) => syllables.add(s));
  // Sized from the text (about a token per Chinese character, fewer for English) so that large
  // packs do not copy millions of tokens while growing.
  // (Whole answers: the same characters as their passages, without cutting them twice.)
  let chars = 0;
  for (const d of docs) for (const u of unitsOf(d, true)) chars += u[2].length;
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
    for (const [field, pos, text] of unitsOf(d, lean)) {
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
  return {
    tokKeys,
    tokVals,
    pyKeys,
    pyVals,
    unitDoc,
    unitField,
    unitPos,
    nUnits: unit,
    words,
    syllables,
  };
}

/** Per field number: whether its units make the document's centroid (and train the model). */
const IN_CENTROID = FIELDS.map((f) => f === 'title' || f === 'question' || f === 'text');

type Sorted = ReturnType<typeof radixSortPairs>;

/**
 * Pass 2's merge: the vocabulary is the sorted union of both key sets (term id = position, so a
 * query finds a term by binary search); each term's run becomes its postings with counts.
 */
function mergeRuns(tok: Sorted, py: Sorted): Terms {
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
  return { vocab, termKind, postOff, postIds, postW, nPost: p, pyOff, pyIds, nPy: q };
}

/** Pass 3: counts into tf-idf weights (in place); the idf (over documents) and each unit's norm. */
function weighPostings(
  terms: Terms,
  params: EngineParams,
  nUnits: number,
  uDoc: Int32Array,
  nDocs: number,
): { idf: Float32Array; unitNorm: Float64Array } {
  const { postIds, postW } = terms;
  const off = terms.postOff.a;
  const kind = terms.termKind.a;
  const T = terms.vocab.n;
  const idf = new Float32Array(T);
  // Rarity among documents, not units: an article's own topic words recur in its question
  // variants and passages, and must not count as common for it.
  for (let t = 0; t < T; t++) {
    let df = 0;
    let last = -1;
    for (let x = off[t]!; x < off[t + 1]!; x++) {
      const d = uDoc[postIds[x]!]!;
      if (d !== last) df++;
      last = d;
    }
    idf[t] = Math.log(1 + nDocs / (1 + df));
  }
  const kindWeight = [...TOKEN_KINDS].map((k) => params.kinds[k] ?? 1);
  const unitNorm = new Float64Array(nUnits);
  for (let t = 0; t < T; t++) {
    const k = kindWeight[kind[t]!]! * idf[t]!;
    for (let x = off[t]!; x < off[t + 1]!; x++) {
      const tf = postW[x]!;
      const v = tf === 1 ? k : k * (1 + Math.log(tf));
      postW[x] = v;
      unitNorm[postIds[x]!]! += v * v;
    }
  }
  for (let u = 0; u < nUnits; u++) unitNorm[u] = Math.sqrt(unitNorm[u]!) || 1;
  return { idf, unitNorm };
}

/**
 * Pass 4: the weights normalised, and in the same walk the centroids of each document's titles,
 * questions and script text, term by term (a term's units of one document are adjacent), so
 * straight into rows (written into `scratch`, copied out).
 */
function normaliseAndCentroids(
  terms: Terms,
  unitNorm: Float64Array,
  uDoc: Int32Array,
  uField: Uint8Array,
  nDocs: number,
  scratch: { ids: Int32Array; w: Float32Array },
): Csr {
  const { postIds, postW } = terms;
  const off = terms.postOff.a;
  const T = terms.vocab.n;
  const nUnits = unitNorm.length;
  // Per unit: the document whose centroid it feeds, or -1 (one lookup in the loop below).
  const centroidOf = new Int32Array(nUnits);
  for (let u = 0; u < nUnits; u++) centroidOf[u] = IN_CENTROID[uField[u]!] ? uDoc[u]! : -1;
  const centOff = new Int32Array(T + 1);
  const cIds = scratch.ids;
  const cW = scratch.w;
  const docNorm = new Float64Array(nDocs);
  // Runs once per posting (tens of millions at 50k articles): counters in locals and the flush
  // written out twice, rather than a closure over object fields.
  let n = 0;
  for (let t = 0; t < T; t++) {
    let cur = -1;
    let acc = 0;
    for (let x = off[t]!; x < off[t + 1]!; x++) {
      const u = postIds[x]!;
      // Rounded as the Float32Array stores it, so the centroid sums what the postings hold.
      const w = Math.fround(postW[x]! / unitNorm[u]!);
      postW[x] = w;
      const d = centroidOf[u]!;
      if (d < 0) continue;
      if (d !== cur) {
        if (cur >= 0) {
          cIds[n] = cur;
          cW[n++] = acc;
          docNorm[cur]! += acc * acc;
        }
        cur = d;
        acc = 0;
      }
      acc += w;
    }
    if (cur >= 0) {
      cIds[n] = cur;
      cW[n++] = acc;
      docNorm[cur]! += acc * acc;
    }
    centOff[t + 1] = n;
  }
  for (let k = 0; k < n; k++) cW[k]! /= Math.sqrt(docNorm[cIds[k]!]!) || 1;
  return { off: centOff, ids: cIds.slice(0, n), w: cW.slice(0, n) };
}
