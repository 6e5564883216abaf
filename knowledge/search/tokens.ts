/**
 * Text analysis for the knowledge search: splits folded text into typed tokens with their
 * spans. English: lower-cased words, stopwords, a light stemmer with common irregular forms,
 * word bigrams and character n-grams (typos, morphology). Chinese: character unigrams and
 * bigrams; `Intl.Segmenter` marks which bigrams lie inside a word (in queries). Pinyin of
 * Chinese text (every reading of polyphonic characters) for Latin queries.
 */
import { pinyin } from 'pinyin-pro';

/** A token, its kind prefix included (`w:refund`, `z:密码`), and where it sits in the text. */
export interface Token {
  t: string;
  start: number;
  end: number;
  /** Relative weight inside its kind (query bigrams across a word boundary weigh less). */
  w: number;
}

const STOPWORDS = new Set(
  (
    'a an the and or but if of to in on at by for with from into onto about as is am are was were be ' +
    'been being do does did doing have has had having i me my mine myself we us our ours you your ' +
    'yours he him his she her it its they them their this that these those there here so than too ' +
    'very just can could would should will shall may might must please pls thanks thank hi hello ' +
    'hey some any also yet still then now ok okay really what which who whom whose im ive id youre ' +
    'dont doesnt didnt cant wont isnt arent wasnt s t d ll m re ve'
  ).split(' '),
);

/** Irregular English forms to their base (general morphology, not domain words). */
const IRREGULAR: Record<string, string> = {
  got: 'get',
  gotten: 'get',
  sent: 'send',
  paid: 'pay',
  lost: 'lose',
  stole: 'steal',
  stolen: 'steal',
  took: 'take',
  taken: 'take',
  made: 'make',
  bought: 'buy',
  went: 'go',
  gone: 'go',
  came: 'come',
  saw: 'see',
  seen: 'see',
  found: 'find',
  gave: 'give',
  given: 'give',
  left: 'leave',
  kept: 'keep',
  told: 'tell',
  said: 'say',
  spent: 'spend',
  withdrew: 'withdraw',
  withdrawn: 'withdraw',
  forgot: 'forget',
  forgotten: 'forget',
  knew: 'know',
  known: 'know',
  thought: 'think',
  brought: 'bring',
  held: 'hold',
  put: 'put',
  set: 'set',
  ran: 'run',
  began: 'begin',
  begun: 'begin',
  broke: 'break',
  broken: 'break',
  chose: 'choose',
  chosen: 'choose',
  drew: 'draw',
  drawn: 'draw',
  fell: 'fall',
  fallen: 'fall',
  felt: 'feel',
  heard: 'hear',
  meant: 'mean',
  met: 'meet',
  sold: 'sell',
  understood: 'understand',
  won: 'win',
  wrote: 'write',
  written: 'write',
  children: 'child',
  people: 'person',
  men: 'man',
  women: 'woman',
  better: 'good',
  best: 'good',
  worse: 'bad',
  worst: 'bad',
  n: 'not',
  cannot: 'can not',
};

const VOWEL = /[aeiouy]/;

/** A light English stemmer: plural, -ing, -ed, -ly, -ment endings; final e dropped. */
export function stem(word: string): string {
  const irr = IRREGULAR[word];
  if (irr !== undefined) return irr;
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(ches|shes|xes|zes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5 && VOWEL.test(w.slice(0, -3)))
    w = undoubled(w.slice(0, -3));
  else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ed') && w.length > 4 && VOWEL.test(w.slice(0, -2)))
    w = undoubled(w.slice(0, -2));
  else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith('ment') && w.length > 7) w = w.slice(0, -4);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** `stopp` -> `stop`, but `fall` stays (ll/ss/zz are kept). */
function undoubled(w: string): string {
  const n = w.length;
  if (n > 2 && w[n - 1] === w[n - 2] && !/[lsz]/.test(w[n - 1]!)) return w.slice(0, -1);
  return w;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** True when the text holds a Chinese character. */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

function isCjkCode(c: number): boolean {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}
function isWordCode(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0xc0 && c < 0x2000 && c !== 0xd7 && c !== 0xf7)
  );
}

export interface AnalyseOptions {
  /** Character n-grams of English words (length 3..`charGrams`; 0 = none). */
  charGrams: number;
  /** Word bigrams of English content words. */
  bigrams: boolean;
  /** Query side: mark Chinese bigrams across word boundaries with `Intl.Segmenter`. */
  segment: boolean;
  /** Also emit stopwords (`s:`) and bigrams through them (function words carry intent: "how long"). */
  stopwords?: boolean;
  /** Chinese single characters (default true; long fields use bigrams only). */
  unigrams?: boolean;
}

interface Run {
  kind: 'cjk' | 'word';
  start: number;
  end: number;
}

function runs(text: string): Run[] {
  const out: Run[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isCjkCode(c)) {
      const s = i;
      while (i < n && isCjkCode(text.charCodeAt(i))) i++;
      out.push({ kind: 'cjk', start: s, end: i });
    } else if (isWordCode(c)) {
      const s = i;
      // An apostrophe inside a word joins it ("don't", "card's").
      while (
        i < n &&
        (isWordCode(text.charCodeAt(i)) ||
          (text[i] === "'" && i + 1 < n && isWordCode(text.charCodeAt(i + 1))))
      )
        i++;
      out.push({ kind: 'word', start: s, end: i });
    } else i++;
  }
  return out;
}

let segmenter: Intl.Segmenter | undefined | null;
function wordBoundaries(text: string): Set<number> | undefined {
  if (segmenter === undefined) {
    segmenter =
      typeof Intl.Segmenter === 'function'
        ? new Intl.Segmenter('zh', { granularity: 'word' })
        : null;
  }
  if (!segmenter) return undefined;
  const b = new Set<number>();
  for (const s of segmenter.segment(text)) {
    b.add(s.index);
    b.add(s.index + s.segment.length);
  }
  return b;
}

/** English word as indexed: `n't` becomes `not`, other apostrophes drop (`card's` -> `card`). */
function normWord(raw: string): string {
  if (raw.endsWith("n't"))
    return raw === "won't" ? 'will' : raw === "can't" ? 'can' : raw.slice(0, -3);
  const a = raw.indexOf("'");
  return a > 0 ? raw.slice(0, a) : raw;
}

/** Receives each token: kind-prefixed text, span in the folded text, relative weight. */
export type TokenSink = (t: string, start: number, end: number, w: number) => void;

const stemCache = new Map<string, string>();
function cachedStem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stem(word);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/**
 * Emits the tokens of folded text. Kinds: `w:` English stem, `s:` stopword, `b:` bigram of
 * adjacent words, `c:` character n-gram of a word, `u:` Chinese character, `z:` Chinese bigram.
 */
export function eachToken(folded: string, opts: AnalyseOptions, emit: TokenSink): void {
  let prevStem = '';
  let prevStart = -1;
  for (const r of runs(folded)) {
    if (r.kind === 'cjk') {
      prevStart = -1;
      const seg =
        opts.segment && r.end - r.start > 2
          ? wordBoundaries(folded.slice(r.start, r.end))
          : undefined;
      for (let i = r.start; i < r.end; i++) {
        if (opts.unigrams !== false || r.end - r.start === 1) {
          const single = seg ? seg.has(i - r.start) && seg.has(i + 1 - r.start) : false;
          emit(`u:${folded[i]}`, i, i + 1, single ? 1.5 : 1);
        }
        if (i + 1 < r.end) {
          const inside = seg ? !seg.has(i + 1 - r.start) : true;
          emit(`z:${folded.slice(i, i + 2)}`, i, i + 2, inside ? 1 : 0.5);
        }
      }
      continue;
    }
    const raw = folded.slice(r.start, r.end);
    const word = normWord(raw);
    if (raw.endsWith("n't")) emit('w:not', r.start, r.end, 1);
    if (!word) continue;
    if (isStopword(word)) {
      if (opts.stopwords) {
        emit(`s:${word}`, r.start, r.end, 1);
        if (opts.bigrams && prevStart >= 0) emit(`b:${prevStem}_${word}`, prevStart, r.end, 1);
        prevStem = word;
        prevStart = r.start;
      }
      continue;
    }
    const st = cachedStem(word);
    for (const s of st.includes(' ') ? st.split(' ') : [st]) {
      emit(`w:${s}`, r.start, r.end, 1);
      if (opts.bigrams && prevStart >= 0) emit(`b:${prevStem}_${s}`, prevStart, r.end, 1);
      prevStem = s;
      prevStart = r.start;
    }
    if (opts.charGrams >= 3 && word.length >= 4) {
      const g = `^${word}$`;
      for (let n = 3; n <= opts.charGrams; n++) {
        for (let i = 0; i + n <= g.length; i++) emit(`c:${g.slice(i, i + n)}`, r.start, r.end, 1);
      }
    }
  }
}

/** FNV-1a over the UTF-16 code units of a token: the index's 32-bit term keys. */
export function hashToken(t: string): number {
  return fnvStr(FNV_BASIS, t) >>> 0;
}

const FNV_BASIS = 0x811c9dc5 | 0;
function fnvCode(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}
function fnvRange(s: string, start: number, end: number): number {
  let h = FNV_BASIS;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
function fnvStr(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
/** Hash state after a kind prefix (`z:`), so a token's key needs no string. */
const prefixHash = (kind: string): number => fnvStr(FNV_BASIS, `${kind}:`);
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
  // Words: open addressing over (hash, entry + 1); per entry its length, stopword flag and the
  // elements it adds to the token chain (its stems, or itself for a stopword).
  let slotHash = new Int32Array(1 << 12);
  let slotEntry = new Int32Array(1 << 12);
  const eLen = new Pool(new Int32Array(1024), (n) => new Int32Array(n));
  const eStop = new Pool(new Uint8Array(1024), (n) => new Uint8Array(n));
  const eFirst = new Pool(new Int32Array(1024), (n) => new Int32Array(n));
  const eCount = new Pool(new Uint8Array(1024), (n) => new Uint8Array(n));
  const eWord: string[] = [];
  const chain = new Pool(new Int32Array(1024), (n) => new Int32Array(n));
  // Chain elements: token key and kind, the hash state of `b:<element>` (a bigram it starts)
  // and its characters (a bigram it ends).
  const elKey = new Pool(new Uint32Array(1024), (n) => new Uint32Array(n));
  const elKind = new Pool(new Uint8Array(1024), (n) => new Uint8Array(n));
  const elBig = new Pool(new Int32Array(1024), (n) => new Int32Array(n));
  const elOff = new Pool(new Int32Array(1024), (n) => new Int32Array(n));
  const elLen = new Pool(new Int32Array(1024), (n) => new Int32Array(n));
  const chars = new Pool(new Uint16Array(8192), (n) => new Uint16Array(n));
  const elements = new Map<string, number>();
  const grams = new Map<number, Uint32Array>();

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
  const add = (word: string, h: number): number => {
    const e = eLen.push(word.length);
    const stop = isStopword(word);
    eStop.push(stop ? 1 : 0);
    eWord.push(word);
    const stems = stop ? [word] : stem(word).split(' ');
    eFirst.push(chain.n);
    eCount.push(stems.length);
    for (const s of stems) chain.push(element(s, stop ? K_S : K_W));
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
    const g = `^${eWord[e]!}$`;
    const list: number[] = [];
    for (let n = 3; n <= upTo; n++) {
      for (let i = 0; i + n <= g.length; i++) {
        let h = PRE.c;
        for (let j = i; j < i + n; j++) h = fnvCode(h, g.charCodeAt(j));
        list.push(h >>> 0);
      }
    }
    out = Uint32Array.from(list);
    grams.set(cacheKey, out);
    return out;
  };

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

/** The tokens of folded text as a list (see `eachToken`). */
export function analyse(folded: string, opts: AnalyseOptions): Token[] {
  const out: Token[] = [];
  eachToken(folded, opts, (t, start, end, w) => out.push({ t, start, end, w }));
  return out;
}

const readingCache = new Map<string, string[]>();

/** Every toneless pinyin reading of one Chinese character (`重` -> `zhong`, `chong`). */
export function readings(ch: string): string[] {
  let r = readingCache.get(ch);
  if (!r) {
    const all = pinyin(ch, { toneType: 'none', type: 'array', multiple: true }) as string[];
    r = [...new Set(all.map((s) => s.replace(/ü/g, 'v')).filter((s) => /^[a-z]+$/.test(s)))];
    readingCache.set(ch, r);
  }
  return r;
}

interface CharPinyin {
  /** `p:` keys of the character's readings. */
  syllables: number[];
  /** Distinct initial letters of its readings. */
  initials: number[];
}

/**
 * The index builder's pinyin: keys of the `p:` syllables (every reading) and the `i:` bigrams of
 * initial letters of each run of Chinese characters (repeats allowed), with each
 * character's readings worked out once per builder. `onSyllable` hears each new syllable.
 */
export function pinyinKeyer(
  onSyllable: (syllable: string) => void,
): (folded: string, emit: (key: number) => void) => void {
  const chars = new Map<number, CharPinyin>();
  const seen = new Set<string>();
  const PRE_P = prefixHash('p');
  const PRE_I = prefixHash('i');
  const of = (c: number): CharPinyin => {
    let cp = chars.get(c);
    if (!cp) {
      const rs = readings(String.fromCharCode(c));
      for (const r of rs) {
        if (!seen.has(r)) onSyllable(r);
        seen.add(r);
      }
      cp = {
        syllables: rs.map((r) => fnvStr(PRE_P, r) >>> 0),
        initials: [...new Set(rs.map((r) => r.charCodeAt(0)))],
      };
      chars.set(c, cp);
    }
    return cp;
  };
  return (folded, emit) => {
    let prev: number[] = [];
    for (let i = 0; i < folded.length; i++) {
      const c = folded.charCodeAt(i);
      if (!isCjkCode(c)) {
        prev = [];
        continue;
      }
      const cp = of(c);
      for (const k of cp.syllables) emit(k);
      for (const a of prev) {
        const h = fnvCode(PRE_I, a);
        for (const b of cp.initials) emit(fnvCode(h, b) >>> 0);
      }
      prev = cp.initials;
    }
  };
}

/**
 * Where a Latin query matches Chinese text by pinyin: all initials (`czmm`) or whole syllables
 * (`chongzhimima`, prefix of the last syllable allowed) of a run of consecutive characters.
 * Returns the span of the first match, or undefined.
 */
export function matchPinyin(
  folded: string,
  letters: string,
  syllables: string[][] | undefined,
): { start: number; end: number } | undefined {
  const n = folded.length;
  for (let s = 0; s < n; s++) {
    if (!isCjkCode(folded.charCodeAt(s))) continue;
    // Initials: one letter per character.
    if (letters.length >= 2 && s + letters.length <= n) {
      let ok = true;
      for (let k = 0; k < letters.length && ok; k++) {
        const ch = folded[s + k]!;
        ok = isCjkCode(ch.charCodeAt(0)) && readings(ch).some((r) => r[0] === letters[k]);
      }
      if (ok) return { start: s, end: s + letters.length };
    }
    // Full syllables, any segmentation of the letters that the characters allow.
    if (syllables) {
      for (const seq of syllables) {
        if (s + seq.length > n) continue;
        let ok = true;
        for (let k = 0; k < seq.length && ok; k++) {
          const ch = folded[s + k]!;
          const syl = seq[k]!;
          const last = k === seq.length - 1;
          ok =
            isCjkCode(ch.charCodeAt(0)) &&
            readings(ch).some((r) => r === syl || (last && syl.length >= 1 && r.startsWith(syl)));
        }
        if (ok) return { start: s, end: s + seq.length };
      }
    }
  }
  return undefined;
}

/**
 * Splits Latin letters into pinyin syllables known to the index (`chongzhimima` ->
 * [chong, zhi, mi, ma]); the last piece may be an unfinished syllable (typeahead).
 * Returns up to a few segmentations, longest syllables first.
 */
export function segmentPinyin(letters: string, known: (s: string) => boolean, max = 4): string[][] {
  const n = letters.length;
  // ok[i]: letters[i..] can be split (the last piece may be unfinished); avoids exponential walks.
  const ok = new Array<boolean>(n + 1).fill(false);
  ok[n] = true;
  for (let i = n - 1; i >= 0; i--) {
    for (let len = 1; len <= Math.min(6, n - i) && !ok[i]; len++) {
      const piece = letters.slice(i, i + len);
      ok[i] = (known(piece) && ok[i + len]!) || (i + len === n && i > 0);
    }
  }
  const out: string[][] = [];
  const walk = (i: number, acc: string[]): void => {
    if (out.length >= max) return;
    if (i === n) {
      out.push(acc);
      return;
    }
    for (let len = Math.min(6, n - i); len >= 1; len--) {
      const piece = letters.slice(i, i + len);
      const last = i + len === n;
      if ((known(piece) && ok[i + len]) || (last && acc.length > 0 && !known(piece))) {
        walk(i + len, [...acc, piece]);
      }
    }
  };
  if (ok[0]) walk(0, []);
  return out;
}
