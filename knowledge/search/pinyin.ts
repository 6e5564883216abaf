/**
 * Pinyin of Chinese text for Latin queries: every toneless reading of polyphonic characters, the
 * builder's hashed `p:` syllable and `i:` initials keys, and matching a query's letters to text.
 */
import { fnvCode, fnvStr, prefixHash } from './hash.ts';
import { isCjkCode } from './tokens.ts';
import { readings } from '../text/pinyin.ts';

export { readings };

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
