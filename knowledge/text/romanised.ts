/**
 * Romanised Chinese read back as characters: "bao ben" and "保zheng" become 保本 and 保证 when
 * the words are in a vocabulary (the guard's own words), so a rule written in characters also
 * catches its pinyin. Only whole Latin words count, and each must spell the readings of the
 * characters it stands for exactly; a Latin-only match needs Chinese elsewhere in the text or
 * three syllables, so that English words ("women") are left alone.
 */
import { readings } from './pinyin.ts';
import type { Mapped } from './regional.ts';

/** Vocabulary words grouped by how a unit may start them: their first character or letter. */
export interface PinyinIndex {
  byChar: Map<string, string[]>;
  byLetter: Map<string, string[]>;
}

const isHan = (ch: string): boolean => /\p{Script=Han}/u.test(ch);

/** Indexes words of two to six Chinese characters for `restorePinyin`. */
export function pinyinIndex(words: Iterable<string>): PinyinIndex {
  const byChar = new Map<string, string[]>();
  const byLetter = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, k: string, w: string) => {
    const list = m.get(k);
    if (!list) m.set(k, [w]);
    else if (!list.includes(w)) list.push(w);
  };
  for (const w of words) {
    if (w.length < 2 || w.length > 6 || ![...w].every(isHan)) continue;
    add(byChar, w[0]!, w);
    for (const r of readings(w[0]!)) add(byLetter, r[0]!, w);
  }
  return { byChar, byLetter };
}

interface Unit {
  text: string;
  start: number;
  end: number;
  latin: boolean;
}

/** Chinese characters and Latin words (a-z), with their positions; anything else splits runs. */
function unitsOf(text: string): Unit[][] {
  const runs: Unit[][] = [];
  let run: Unit[] = [];
  const re = /\p{Script=Han}|[a-z]+|[\s-]+|[^]/gu;
  for (const m of text.matchAll(re)) {
    const t = m[0];
    if (/^[\s-]+$/u.test(t)) continue;
    const latin = /^[a-z]+$/.test(t);
    if (!latin && !isHan(t)) {
      if (run.length > 0) runs.push(run);
      run = [];
      continue;
    }
    run.push({ text: t, start: m.index, end: m.index + t.length, latin });
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Whether `latin` spells the readings of word[from..to) exactly; returns `to` or -1. */
function spell(word: string, from: number, latin: string, at = 0): number {
  if (at === latin.length) return from;
  if (from >= word.length) return -1;
  for (const r of readings(word[from]!)) {
    if (!latin.startsWith(r, at)) continue;
    const to = spell(word, from + 1, latin, at + r.length);
    if (to >= 0) return to;
  }
  return -1;
}

/** The number of units `word` covers from unit `u`, with how many were Latin (or null). */
function matchAt(word: string, units: Unit[], u: number): { n: number; latin: number } | null {
  let c = 0;
  let k = u;
  let latin = 0;
  while (c < word.length) {
    const unit = units[k];
    if (!unit) return null;
    if (unit.latin) {
      const to = spell(word, c, unit.text);
      if (to < 0) return null;
      c = to;
      latin++;
    } else if (unit.text === word[c]) c++;
    else return null;
    k++;
  }
  return latin > 0 ? { n: k - u, latin } : null;
}

/** Replaces romanised vocabulary words by their characters, keeping the map to the original. */
export function restorePinyin(input: Mapped, index: PinyinIndex): Mapped {
  const { text, map } = input;
  if (!/[a-z]/.test(text) || index.byChar.size === 0) return input;
  const hasHan = /\p{Script=Han}/u.test(text);
  const found: Array<{ start: number; end: number; word: string }> = [];
  for (const units of unitsOf(text)) {
    if (!units.some((x) => x.latin)) continue;
    for (let u = 0; u < units.length; u++) {
      const unit = units[u]!;
      const words = unit.latin ? index.byLetter.get(unit.text[0]!) : index.byChar.get(unit.text);
      let best: { n: number; word: string } | null = null;
      for (const w of words ?? []) {
        const m = matchAt(w, units, u);
        if (!m || (m.latin === m.n && !hasHan && w.length < 3)) continue;
        if (!best || w.length > best.word.length) best = { n: m.n, word: w };
      }
      if (!best) continue;
      found.push({ start: unit.start, end: units[u + best.n - 1]!.end, word: best.word });
      u += best.n - 1;
    }
  }
  if (found.length === 0) return input;
  let out = '';
  const outMap: number[] = [];
  let from = 0;
  for (const f of found) {
    out += text.slice(from, f.start);
    for (let k = from; k < f.start; k++) outMap.push(map[k]!);
    out += f.word;
    for (let k = 0; k < f.word.length; k++)
      outMap.push(map[k === f.word.length - 1 ? f.end - 1 : f.start]!);
    from = f.end;
  }
  out += text.slice(from);
  for (let k = from; k < text.length; k++) outMap.push(map[k]!);
  return { text: out, map: outMap };
}
