/**
 * Pattern helpers shared by the guard and the SOP detectors: pack terms in patterns, and the
 * folded text both match against, with the way back to the original offsets.
 */
import { fold } from '../text/fold.ts';
import { foldPhrases, type Mapped, type PhraseTable } from '../text/regional.ts';
import { restorePinyin, type PinyinIndex } from '../text/romanised.ts';

const NAME = /<([a-z_][a-z0-9_]*)>/g;

/** Replaces `<name>` by the pack's term (terms may use other terms). */
export function expandTerms(source: string, terms: Record<string, string> | undefined): string {
  if (!terms) return source;
  let out = source;
  for (let depth = 0; depth < 8; depth++) {
    const next = out.replace(NAME, (m, name: string) =>
      Object.hasOwn(terms, name) ? `(?:${terms[name]})` : m,
    );
    if (next === out) break;
    out = next;
  }
  return out;
}

/** One regular expression matching any of the sources (null when there are none). */
export function anyOf(
  sources: string[] | undefined,
  terms: Record<string, string> | undefined,
  flags = 'u',
): RegExp | null {
  if (!sources || sources.length === 0) return null;
  return new RegExp(sources.map((s) => `(?:${expandTerms(s, terms)})`).join('|'), flags);
}

/** A Chinese character, by UTF-16 code unit (spacing inside Chinese words is dropped). */
export const isCjk = (c: number): boolean =>
  (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2ffff);
const isGap = (ch: string): boolean => /[\s\u200b-\u200d\u2060\ufeff·•*_~-]/u.test(ch);

/**
 * Folded text with the gaps inside Chinese words removed ("保 本" -> "保本") and runs of
 * spaces collapsed; `map[i]` is the original offset of character i.
 */
export interface Prepared {
  text: string;
  map: number[];
}

/** Letters spelled out one by one ("c v v", "o-t-p"): read as the word they spell. */
const SPELLED = /(?<![a-z])[a-z](?:[ .-][a-z]){2,}(?![a-z])/u;

function joinSpelled(input: Mapped): Mapped {
  const chars: string[] = [];
  const map: number[] = [];
  const re = new RegExp(SPELLED.source, 'gu');
  let from = 0;
  for (const m of input.text.matchAll(re)) {
    for (let k = from; k < m.index; k++) {
      chars.push(input.text[k]!);
      map.push(input.map[k]!);
    }
    for (let k = m.index; k < m.index + m[0].length; k += 2) {
      chars.push(input.text[k]!);
      map.push(input.map[k]!);
    }
    from = m.index + m[0].length;
  }
  for (let k = from; k < input.text.length; k++) {
    chars.push(input.text[k]!);
    map.push(input.map[k]!);
  }
  return { text: chars.join(''), map };
}

/** What a pack adds to folding: regional phrases and the words its pinyin may stand for. */
export interface Lexicon {
  phrases?: PhraseTable;
  pinyin?: PinyinIndex;
}

/**
 * Folds a text for the guard, keeping the way back to original offsets: characters, then the
 * lexicon's regional phrases and romanised words, then the gaps inside Chinese words.
 */
export function prepare(original: string, lexicon?: Lexicon): Prepared {
  let m: Mapped = { text: fold(original), map: [] };
  const spelled = SPELLED.test(m.text);
  if (lexicon?.phrases || lexicon?.pinyin || spelled) {
    m.map = Array.from({ length: m.text.length }, (_, k) => k);
    if (spelled) m = joinSpelled(m);
    if (lexicon?.phrases) m = foldPhrases(m, lexicon.phrases);
    if (lexicon?.pinyin) m = restorePinyin(m, lexicon.pinyin);
  }
  const f = m.text;
  const at = (k: number): number => (m.map.length > 0 ? m.map[k]! : k);
  const chars: string[] = [];
  const map: number[] = [];
  let i = 0;
  while (i < f.length) {
    const ch = f[i]!;
    if (isGap(ch)) {
      let j = i;
      while (j < f.length && isGap(f[j]!)) j++;
      const prev = chars.length > 0 ? chars[chars.length - 1]!.charCodeAt(0) : -1;
      const next = j < f.length ? f.charCodeAt(j) : -1;
      const inWord = isCjk(prev) && isCjk(next);
      if (inWord) {
        // dropped: "保 本" reads as "保本"
      } else if (/\s/u.test(f.slice(i, j))) {
        chars.push(' '); // one space keeps English words apart
        map.push(at(i));
      } else {
        for (let k = i; k < j; k++) {
          chars.push(f[k]!);
          map.push(at(k));
        }
      }
      i = j;
      continue;
    }
    // The enumeration comma lists things inside one clause ("电话、短信"): keep it apart from "，".
    chars.push(original[at(i)] === '、' ? '、' : ch);
    map.push(at(i));
    i++;
  }
  return { text: chars.join(''), map };
}
