/**
 * Regional Chinese vocabulary folded to mainland words ("簡訊" -> "短信", "簽帳金融卡" ->
 * "借记卡"), on text already folded character by character. The phrase tables are OpenCC's
 * Taiwan and Hong Kong ones (opencc-js); a pack may add its own (bank words such as "末三碼").
 * A phrase may change length, so the replacement keeps a map back to the original offsets.
 */
import HKPhrasesRev from 'opencc-js/dict/HKPhrasesRev';
import HKVariantsRevPhrases from 'opencc-js/dict/HKVariantsRevPhrases';
import TWPhrasesRev from 'opencc-js/dict/TWPhrasesRev';
import TWVariantsRevPhrases from 'opencc-js/dict/TWVariantsRevPhrases';
import { fold } from './fold.ts';

/** Folded phrase -> folded mainland phrase, with the longest key length. */
export interface PhraseTable {
  map: Map<string, string>;
  longest: number;
  /** First characters of the keys, to skip most positions at once. */
  firsts: Set<string>;
}

/** Adds "src dst|src dst" entries (OpenCC's format) whose folded forms differ. */
function addDict(into: Map<string, string>, dict: string): void {
  for (const entry of dict.split('|')) {
    const [src, dst] = entry.split(' ');
    if (!src || !dst) continue;
    const from = fold(src);
    const to = fold(dst);
    if (from !== to && !into.has(from)) into.set(from, to);
  }
}

function tableOf(map: Map<string, string>): PhraseTable {
  let longest = 0;
  const firsts = new Set<string>();
  for (const k of map.keys()) {
    longest = Math.max(longest, k.length);
    firsts.add(k[0]!);
  }
  return { map, longest, firsts };
}

let opencc: Map<string, string> | undefined;

/** OpenCC's Taiwan and Hong Kong phrases, folded (built once). */
function openccPhrases(): Map<string, string> {
  if (!opencc) {
    opencc = new Map();
    for (const d of [TWPhrasesRev, HKPhrasesRev, TWVariantsRevPhrases, HKVariantsRevPhrases])
      addDict(opencc, d);
  }
  return opencc;
}

/** The phrase table: OpenCC's regional phrases, then the pack's own (which win on a clash). */
export function phraseTable(extra?: Record<string, string>): PhraseTable {
  const map = new Map(openccPhrases());
  for (const [src, dst] of Object.entries(extra ?? {})) {
    const from = fold(src);
    if (from !== '') map.set(from, fold(dst));
  }
  return tableOf(map);
}

let reverse: PhraseTable | undefined;

/** The other way round: mainland phrase -> a Taiwan or Hong Kong one (the first listed). */
export function mainlandToRegional(): PhraseTable {
  if (!reverse) {
    const map = new Map<string, string>();
    for (const [from, to] of openccPhrases()) if (!map.has(to)) map.set(to, from);
    reverse = tableOf(map);
  }
  return reverse;
}

const isWordChar = (ch: string): boolean => /[a-z0-9]/.test(ch);

/** A text and, for each of its characters, the offset in the text it came from. */
export interface Mapped {
  text: string;
  map: number[];
}

/**
 * Replaces the longest regional phrase at each position. `map` of the input is carried: each
 * output character points at the input character it came from, and a replacement's last
 * character at the phrase's last, so a match ending there ends where the phrase ended.
 */
export function foldPhrases(input: Mapped, table: PhraseTable): Mapped {
  const { text, map } = input;
  if (table.map.size === 0) return input;
  let out: string[] | undefined;
  let outMap: number[] | undefined;
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    if (!table.firsts.has(text[i]!)) continue;
    // A Latin key is a whole word: "apr" is not read inside "april", nor "u" inside "you".
    if (isWordChar(text[i]!) && i > 0 && isWordChar(text[i - 1]!)) continue;
    for (let len = Math.min(table.longest, text.length - i); len >= 1; len--) {
      const to = table.map.get(text.slice(i, i + len));
      if (to === undefined) continue;
      const after = text[i + len];
      if (isWordChar(text[i + len - 1]!) && after !== undefined && isWordChar(after)) continue;
      out ??= [];
      outMap ??= [];
      for (let k = copied; k < i; k++) {
        out.push(text[k]!);
        outMap.push(map[k]!);
      }
      for (let k = 0; k < to.length; k++) {
        out.push(to[k]!);
        outMap.push(map[k === to.length - 1 ? i + len - 1 : Math.min(i + k, i + len - 1)]!);
      }
      copied = i + len;
      i += len - 1;
      break;
    }
  }
  if (!out || !outMap) return input;
  for (let k = copied; k < text.length; k++) {
    out.push(text[k]!);
    outMap.push(map[k]!);
  }
  return { text: out.join(''), map: outMap };
}
