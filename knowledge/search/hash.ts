/**
 * The index's 32-bit term keys: FNV-1a over a token's text, and the index builder's tokenizer
 * that gives those keys straight from folded text, without making token strings.
 */
import {
  type AnalyseOptions,
  isCjkCode,
  isStopword,
  isWordCode,
  normWord,
  stem,
} from './tokens.ts';

/** FNV-1a over the UTF-16 code units of a token: the index's 32-bit term keys. */
export function hashToken(t: string): number {
  return fnvStr(FNV_BASIS, t) >>> 0;
}

const FNV_BASIS = 0x811c9dc5 | 0;
/** One FNV-1a step: the hash state after one more UTF-16 code. */
export function fnvCode(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}
function fnvRange(s: string, start: number, end: number): number {
  let h = FNV_BASIS;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
/** The hash state after the codes of a string. */
export function fnvStr(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
/** Hash state after a kind prefix (`z:`), so a token's key needs no string. */
export const prefixHash = (kind: string): number => fnvStr(FNV_BASIS, `${kind}:`);
const PRE = {
  w: prefixHash('w'),
  s: prefixHash('s'),
  b: prefixHash('b'),
  c: prefixHash('c'),
  u: prefixHash('u'),
  z: prefixHash('z'),
};

/** Token kinds of the hashed tokenizer, by index. */
export const TOKEN_KINDS = 'wsbcuz';
const K_W = 0;
const K_S = 1;
const K_B = 2;
const K_C = 3;
const K_U = 4;
const K_Z = 5;
const NOT_HASH = fnvStr(PRE.w, 'not') >>> 0;

/** A growable typed array (the tokenizer's tables). */
class Pool<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array> {
  n = 0;
  constructor(
    public a: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): number {
    if (this.n === this.a.length) {
      const b = this.make(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n] = v;
    return this.n++;
  }
}

/** Pools of `n` entries to start with; each doubles when full. */
const pool32 = (n: number) => new Pool(new Int32Array(n), (m) => new Int32Array(m));
const pool8 = (n: number) => new Pool(new Uint8Array(n), (m) => new Uint8Array(m));

/**
 * Chain elements (stems and stopwords): token key and kind, the hash state of `b:<element>` (a
 * bigram it starts) and its characters (a bigram it ends), each element made once.
 */
function elementTable() {
  const elKey = new Pool(new Uint32Array(1024), (n) => new Uint32Array(n));
  const elKind = pool8(1024);
  const elBig = pool32(1024);
  const elOff = pool32(1024);
  const elLen = pool32(1024);
  const chars = new Pool(new Uint16Array(8192), (n) => new Uint16Array(n));
  const elements = new Map<string, number>();
  const element = (text: string, kind: number): number => {
    const name = `${kind}:${text}`;
    let el = elements.get(name);
    if (el !== undefined) return el;
    el = elKey.push(fnvStr(kind === K_S ? PRE.s : PRE.w, text) >>> 0);
    elKind.push(kind);
    elBig.push(fnvStr(PRE.b, text));
    elOff.push(chars.n);
    elLen.push(text.length);
    for (let i = 0; i < text.length; i++) chars.push(text.charCodeAt(i));
    elements.set(name, el);
    return el;
  };
  return { element, elKey, elKind, elBig, elOff, elLen, chars };
}

/**
 * Distinct words: open addressing over (hash, entry + 1); per entry its length, stopword flag and
 * the elements it adds to the token chain (its stems, or itself for a stopword).
 */
function wordTable(onStem: (stem: string) => void) {
  let slotHash = new Int32Array(1 << 12);
  let slotEntry = new Int32Array(1 << 12);
  const eLen = pool32(1024);
  const eStop = pool8(1024);
  const eFirst = pool32(1024);
  const eCount = pool8(1024);
  const eWord: string[] = [];
  const chain = pool32(1024);
  const els = elementTable();
  const grams = new Map<number, Uint32Array>();
  const add = (word: string, h: number): number => {
    const e = eLen.push(word.length);
    const stop = isStopword(word);
    eStop.push(stop ? 1 : 0);
    eWord.push(word);
    const stems = stop ? [word] : stem(word).split(' ');
    eFirst.push(chain.n);
    eCount.push(stems.length);
    for (const s of stems) chain.push(els.element(s, stop ? K_S : K_W));
    if (!stop) for (const s of stems) onStem(s);
    if (eLen.n * 2 > slotHash.length) {
      const oldHash = slotHash;
      const oldEntry = slotEntry;
      slotHash = new Int32Array(oldHash.length * 2);
      slotEntry = new Int32Array(oldHash.length * 2);
      for (let i = 0; i < oldHash.length; i++)
        if (oldEntry[i] !== 0) put(oldHash[i]!, oldEntry[i]!);
    }
    put(h, e + 1);
    return e;
  };
  const put = (h: number, v: number): void => {
    const mask = slotHash.length - 1;
    let i = h & mask;
    while (slotEntry[i] !== 0) i = (i + 1) & mask;
    slotHash[i] = h;
    slotEntry[i] = v;
  };
  const find = (h: number, len: number): number => {
    const mask = slotHash.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = slotEntry[i]!;
      if (v === 0) return -1;
      if (slotHash[i] === h && eLen.a[v - 1] === len) return v - 1;
    }
  };
  const gramsOf = (e: number, upTo: number): Uint32Array => {
    const cacheKey = e * 8 + upTo;
    let out = grams.get(cacheKey);
    if (out) return out;
    out = charGramKeys(`^${eWord[e]!}$`, upTo);
    grams.set(cacheKey, out);
    return out;
  };
  return { add, find, gramsOf, eLen, eStop, eFirst, eCount, chain, els };
}

/** Keys of the `c:` n-grams (lengths 3..upTo) of a word in `^word$` form. */
function charGramKeys(g: string, upTo: number): Uint32Array {
  const list: number[] = [];
  for (let n = 3; n <= upTo; n++) {
    for (let i = 0; i + n <= g.length; i++) {
      let h = PRE.c;
      for (let j = i; j < i + n; j++) h = fnvCode(h, g.charCodeAt(j));
      list.push(h >>> 0);
    }
  }
  return Uint32Array.from(list);
}

/**
 * The index builder's tokenizer: the tokens of `eachToken` (index side: no segmentation, every
 * weight 1) as 32-bit keys equal to `hashToken` of the token text, without making the strings.
 * Each distinct English word is analysed once and kept in flat tables found by the hash of its
 * characters (a large pack has millions of word occurrences; objects per word cost cache misses).
 * Like the index's term keys, two words with the same 32-bit hash and length are taken as one.
 * `onStem` hears each new stem.
 */
export function hashTokenizer(
  onStem: (stem: string) => void,
): (folded: string, opts: AnalyseOptions, emit: (key: number, kind: number) => void) => void {
  const { add, find, gramsOf, eLen, eStop, eFirst, eCount, chain, els } = wordTable(onStem);
  const { elKey, elKind, elBig, elOff, elLen, chars } = els;
  // The scan below runs over every character of a pack: kept in one piece, tables in locals.
  return (folded, opts, emit) => {
    const n = folded.length;
    let prev = -1;
    let i = 0;
    while (i < n) {
      const c = folded.charCodeAt(i);
      if (isCjkCode(c)) {
        prev = -1;
        const s = i;
        while (i < n && isCjkCode(folded.charCodeAt(i))) i++;
        const uni = opts.unigrams !== false || i - s === 1;
        for (let k = s; k < i; k++) {
          const a = folded.charCodeAt(k);
          if (uni) emit(fnvCode(PRE.u, a) >>> 0, K_U);
          if (k + 1 < i) emit(fnvCode(fnvCode(PRE.z, a), folded.charCodeAt(k + 1)) >>> 0, K_Z);
        }
        continue;
      }
      if (!isWordCode(c)) {
        i++;
        continue;
      }
      // A word (an apostrophe inside joins it, as in `runs`), hashed as it is scanned.
      const s = i;
      let h = FNV_BASIS;
      let apostrophe = false;
      while (i < n) {
        const d = folded.charCodeAt(i);
        if (isWordCode(d)) h = fnvCode(h, d);
        else if (d === 0x27 && i + 1 < n && isWordCode(folded.charCodeAt(i + 1))) apostrophe = true;
        else break;
        i++;
      }
      let e: number;
      if (!apostrophe) {
        e = find(h, i - s);
        if (e < 0) e = add(folded.slice(s, i), h);
      } else {
        const raw = folded.slice(s, i);
        const word = normWord(raw);
        if (raw.endsWith("n't")) emit(NOT_HASH, K_W);
        if (!word) continue;
        const wh = fnvRange(word, 0, word.length);
        e = find(wh, word.length);
        if (e < 0) e = add(word, wh);
      }
      const stop = eStop.a[e] === 1;
      if (stop && !opts.stopwords) continue;
      const first = eFirst.a[e]!;
      const last = first + eCount.a[e]!;
      for (let k = first; k < last; k++) {
        const el = chain.a[k]!;
        emit(elKey.a[el]!, elKind.a[el]!);
        if (opts.bigrams && prev >= 0) {
          let b = fnvCode(elBig.a[prev]!, 0x5f);
          for (let x = elOff.a[el]!, end = x + elLen.a[el]!; x < end; x++)
            b = fnvCode(b, chars.a[x]!);
          emit(b >>> 0, K_B);
        }
        prev = el;
      }
      if (!stop && opts.charGrams >= 3 && eLen.a[e]! >= 4) {
        for (const g of gramsOf(e, opts.charGrams)) emit(g, K_C);
      }
    }
  };
}
