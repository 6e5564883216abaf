/**
 * Toneless pinyin readings of Chinese characters (pinyin-pro), shared by the search's pinyin
 * keys and the guard's reading of romanised words ("bao ben" for 保本).
 */
import { pinyin } from 'pinyin-pro';

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
