/**
 * Text analysis for the knowledge search: splits folded text into typed tokens with their
 * spans. English: lower-cased words, stopwords, a light stemmer with common irregular forms,
 * word bigrams and character n-grams (typos, morphology). Chinese: character unigrams and
 * bigrams; `Intl.Segmenter` marks which bigrams lie inside a word (in queries). The index
 * builder's hashed form of the same tokens is in hash.ts, pinyin in pinyin.ts.
 */

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

/** True for an English function word (indexed as `s:`, never stemmed). */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** True when the text holds a Chinese character. */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** True for the UTF-16 code of a Chinese character. */
export function isCjkCode(c: number): boolean {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}
/** True for the code of a letter or digit of a Latin (or other alphabetic) word. */
export function isWordCode(c: number): boolean {
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

/** Splits a run of Chinese characters into words (their texts, in order, covering the run). */
export type WordSegmenter = (text: string) => Iterable<string>;

let intl: Intl.Segmenter | undefined | null;
function intlWords(text: string): Iterable<string> {
  intl ??=
    typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;
  return intl ? Array.from(intl.segment(text), (s) => s.segment) : [text];
}

let segmenter: WordSegmenter | null = intlWords;

/**
 * Replaces the query-side word segmenter (default `Intl.Segmenter`; null: none, every bigram
 * counts as inside a word). For comparing segmenters in the bench; the extension keeps the default.
 */
export function setWordSegmenter(seg: WordSegmenter | null | undefined): void {
  segmenter = seg === undefined ? intlWords : seg;
}

function wordBoundaries(text: string): Set<number> | undefined {
  if (!segmenter) return undefined;
  const b = new Set<number>([0]);
  let at = 0;
  for (const w of segmenter(text)) {
    at += w.length;
    b.add(at);
  }
  // A segmenter that does not cover the run exactly is not trusted.
  return at === text.length ? b : undefined;
}

/** English word as indexed: `n't` becomes `not`, other apostrophes drop (`card's` -> `card`). */
export function normWord(raw: string): string {
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

/** The tokens of folded text as a list (see `eachToken`). */
export function analyse(folded: string, opts: AnalyseOptions): Token[] {
  const out: Token[] = [];
  eachToken(folded, opts, (t, start, end, w) => out.push({ t, start, end, w }));
  return out;
}
