/**
 * What a pack's guard reads beyond its patterns: regional phrases (OpenCC's tables plus the
 * pack's own), the Chinese words its pinyin may stand for, and the trainer's plain phrases
 * turned into patterns.
 */
import { fold } from '../text/fold.ts';
import { phraseTable } from '../text/regional.ts';
import { pinyinIndex } from '../text/romanised.ts';
import type { Lexicon } from './patterns.ts';
import type { Pack } from '../authoring/pack.ts';

const HAN_RUN = /\p{Script=Han}{2,6}/gu;

/** The Chinese literals of a regex source: runs of characters outside classes and escapes. */
function literals(source: string): string[] {
  const plain = source.replace(/\\./g, ' ').replace(/\[(?:\\.|[^\]])*\]/g, ' ');
  return plain.match(HAN_RUN) ?? [];
}

/** Chinese words of a pack's rules, terms and phrases: what romanised text may stand for. */
export function guardVocabulary(pack: Pack): Set<string> {
  const words = new Set<string>();
  const add = (src: string) => {
    for (const w of literals(src)) words.add(w);
  };
  for (const t of Object.values(pack.guard?.terms ?? {})) add(t);
  for (const r of pack.rules ?? []) {
    for (const p of [...(r.patterns ?? []), ...(r.phrases ?? [])]) add(fold(p));
    for (const c of r.combos ?? []) c.all.forEach(add);
  }
  return words;
}

/** The pack's lexicon; null when it has nothing to add (an English pack without regional words). */
export function packLexicon(pack: Pack): Lexicon | null {
  const chinese = pack.locale.startsWith('zh');
  const regional = pack.guard?.regional;
  if (!chinese && !regional) return null;
  const words = guardVocabulary(pack);
  return {
    phrases: phraseTable(regional),
    ...(words.size > 0 ? { pinyin: pinyinIndex(words) } : {}),
  };
}

const GAP = '[^,.!?;:\\n]{0,12}?';
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A trainer's phrase as a regex source: literal words (folded, spacing-free inside Chinese,
 * whole words in Latin), `…` or `...` for a short gap, `<name>` for a pack term.
 */
export function phraseSource(phrase: string): string {
  const parts = phrase.trim().split(/(<[a-z_][a-z0-9_]*>|…|\.\.\.)/u);
  let out = '';
  for (const part of parts) {
    if (part === '') continue;
    if (part === '…' || part === '...') out += GAP;
    else if (/^<[a-z_][a-z0-9_]*>$/u.test(part)) out += part;
    else {
      const words = fold(part).trim().split(/\s+/u).filter(Boolean).map(escape);
      out += words.join('\\s*');
    }
  }
  if (/^[a-z0-9]/i.test(out)) out = `\\b${out}`;
  if (/[a-z0-9]$/i.test(phrase.trim())) out += '\\b';
  return out;
}
